//! Start-up order of services from a dependency file, one service a line:
//!
//! ```text
//! # comment
//! api: auth, cache     (api needs auth and cache running first)
//! cache:               (no dependencies)
//! ```
//!
//! The order is a topological sort, computed in layers: every service in a layer depends only on
//! services of earlier layers, so a layer's services can start in parallel.
use std::collections::HashMap;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("line {line}: expected `service: dep, dep`, found {text:?}")]
    Syntax { line: usize, text: String },
    #[error("line {line}: service {service:?} is defined twice (first on line {first})")]
    DuplicateService {
        line: usize,
        first: usize,
        service: String,
    },
    #[error("line {line}: {service:?} lists {dependency:?} twice")]
    DuplicateDependency {
        line: usize,
        service: String,
        dependency: String,
    },
    #[error("line {line}: {service:?} depends on itself")]
    SelfDependency { line: usize, service: String },
    #[error("line {line}: {service:?} depends on {dependency:?}, which is not defined")]
    MissingDependency {
        line: usize,
        service: String,
        dependency: String,
    },
    #[error("dependency cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
}

/// Services in file order, each with its dependencies and the line that defined it.
#[derive(Debug)]
pub struct Services {
    names: Vec<String>,
    needs: Vec<Vec<usize>>,
}

// ANCHOR: parse
pub fn parse(text: &str) -> Result<Services, ConfigError> {
    let mut lines_of: HashMap<&str, usize> = HashMap::new();
    let mut entries: Vec<(usize, &str, Vec<&str>)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let syntax = || ConfigError::Syntax {
            line,
            text: raw.to_string(),
        };
        let (service, deps) = content.split_once(':').ok_or_else(syntax)?;
        let service = service.trim();
        if service.is_empty() || service.contains(char::is_whitespace) {
            return Err(syntax());
        }
        if let Some(&first) = lines_of.get(service) {
            return Err(ConfigError::DuplicateService {
                line,
                first,
                service: service.to_string(),
            });
        }
        lines_of.insert(service, line);
        let mut dependencies: Vec<&str> = Vec::new();
        for dependency in deps.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            if dependency == service {
                return Err(ConfigError::SelfDependency {
                    line,
                    service: service.to_string(),
                });
            }
            if dependencies.contains(&dependency) {
                return Err(ConfigError::DuplicateDependency {
                    line,
                    service: service.to_string(),
                    dependency: dependency.to_string(),
                });
            }
            dependencies.push(dependency);
        }
        entries.push((line, service, dependencies));
    }
    // Second pass: every dependency must name a service defined somewhere in the file.
    let index: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.1, i)).collect();
    let mut needs = Vec::with_capacity(entries.len());
    for (line, service, dependencies) in &entries {
        let mut ids = Vec::new();
        for dependency in dependencies {
            let id = index
                .get(dependency)
                .ok_or_else(|| ConfigError::MissingDependency {
                    line: *line,
                    service: service.to_string(),
                    dependency: dependency.to_string(),
                })?;
            ids.push(*id);
        }
        needs.push(ids);
    }
    let names = entries.iter().map(|e| e.1.to_string()).collect();
    Ok(Services { names, needs })
}
// ANCHOR_END: parse

// ANCHOR: layers
/// Kahn's algorithm, one layer at a time: start with the services that need nothing, then
/// repeatedly take every service whose dependencies have all been started.
pub fn start_layers(services: &Services) -> Result<Vec<Vec<String>>, ConfigError> {
    let count = services.names.len();
    let mut waiting_on: Vec<usize> = services.needs.iter().map(Vec::len).collect();
    let mut needed_by = vec![Vec::new(); count];
    for (service, needs) in services.needs.iter().enumerate() {
        for &dependency in needs {
            needed_by[dependency].push(service);
        }
    }
    let mut layer: Vec<usize> = (0..count).filter(|&s| waiting_on[s] == 0).collect();
    let mut layers = Vec::new();
    let mut started = 0;
    while !layer.is_empty() {
        started += layer.len();
        let mut next = Vec::new();
        for &service in &layer {
            for &dependent in &needed_by[service] {
                waiting_on[dependent] -= 1;
                if waiting_on[dependent] == 0 {
                    next.push(dependent);
                }
            }
        }
        let mut names: Vec<String> = layer.iter().map(|&s| services.names[s].clone()).collect();
        names.sort();
        layers.push(names);
        layer = next;
    }
    if started < count {
        // Whatever never reached zero waits, directly or not, on a cycle: go and find it.
        let stuck: Vec<bool> = waiting_on.iter().map(|&w| w > 0).collect();
        return Err(ConfigError::Cycle(find_cycle(services, &stuck)));
    }
    Ok(layers)
}
// ANCHOR_END: layers

// ANCHOR: cycle
/// Walks dependencies among the stuck services. Each stuck service has at least one stuck
/// dependency, so the walk never ends; the first service seen twice closes a cycle.
fn find_cycle(services: &Services, stuck: &[bool]) -> Vec<String> {
    let Some(mut node) = stuck.iter().position(|&s| s) else {
        return Vec::new();
    };
    let mut position_in_walk: HashMap<usize, usize> = HashMap::new();
    let mut walk = Vec::new();
    while !position_in_walk.contains_key(&node) {
        position_in_walk.insert(node, walk.len());
        walk.push(node);
        match services.needs[node].iter().find(|&&d| stuck[d]) {
            Some(&dependency) => node = dependency,
            None => return Vec::new(), // unreachable when `stuck` came from Kahn's algorithm
        }
    }
    let mut cycle: Vec<String> = walk[position_in_walk[&node]..]
        .iter()
        .map(|&n| services.names[n].clone())
        .collect();
    cycle.push(services.names[node].clone());
    cycle
}
// ANCHOR_END: cycle

#[cfg(test)]
mod tests {
    use super::*;

    fn layers(text: &str) -> Result<Vec<Vec<String>>, ConfigError> {
        start_layers(&parse(text)?)
    }

    #[test]
    fn dependencies_start_in_earlier_layers() {
        let got = layers("api: db, cache\ndb:\ncache: db\n").unwrap();
        assert_eq!(got, [vec!["db"], vec!["cache"], vec!["api"]]);
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let got = layers("# header\n\nb: a # needs a\na:\n").unwrap();
        assert_eq!(got, [vec!["a"], vec!["b"]]);
    }

    #[test]
    fn a_cycle_is_named_in_order() {
        let err = layers("api: auth\nauth: db\ndb: api\nweb: api\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "dependency cycle: api -> auth -> db -> api"
        );
    }

    #[test]
    fn a_service_behind_a_cycle_is_not_blamed_for_it() {
        // `web` is stuck too, but it is not part of the cycle.
        let err = layers("web: api\napi: db\ndb: api\n").unwrap_err();
        assert_eq!(
            err,
            ConfigError::Cycle(vec!["api".into(), "db".into(), "api".into()])
        );
    }

    #[test]
    fn a_self_loop_is_its_own_error() {
        let err = layers("a:\nb: a, b\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: \"b\" depends on itself");
    }

    #[test]
    fn missing_dependencies_are_reported_with_their_line() {
        let err = layers("api: auth\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1: \"api\" depends on \"auth\", which is not defined"
        );
    }

    #[test]
    fn duplicates_are_rejected() {
        let err = layers("a:\nb: a\na:\n").unwrap_err();
        assert!(matches!(
            err,
            ConfigError::DuplicateService {
                line: 3,
                first: 1,
                ..
            }
        ));
        let err = layers("a:\nb: a, a\n").unwrap_err();
        assert!(matches!(
            err,
            ConfigError::DuplicateDependency { line: 2, .. }
        ));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = layers("a:\nb needs a\n").unwrap_err();
        assert!(matches!(err, ConfigError::Syntax { line: 2, .. }));
        let err = layers("my service: a\n").unwrap_err();
        assert!(matches!(err, ConfigError::Syntax { line: 1, .. }));
    }

    #[test]
    fn an_empty_file_starts_nothing() {
        assert!(layers("# nothing\n").unwrap().is_empty());
    }
}
