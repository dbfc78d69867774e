//! The built-in list of common TCP services, used for `--top-ports N` and to name open ports.
//!
//! Source: the names and port numbers are those of the IANA "Service Name and Transport Protocol
//! Port Number Registry" (<https://www.iana.org/assignments/service-names-port-numbers/>), TCP
//! entries only. The registry says what a port is *registered* for, not how often it is open, so
//! the order (most common first) is this book's editorial choice: the ports a backend developer
//! meets most, on servers and laptops. Where today's common use differs from the registration
//! (9200 is registered as `wap-wsp` and usually runs Elasticsearch), the registry's name is kept
//! and the use is noted: the banner and probe columns tell what actually answers.

/// A registered TCP service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub port: u16,
    pub name: &'static str,
}

const fn service(port: u16, name: &'static str) -> Service {
    Service { port, name }
}

/// Most common first; `--top-ports N` takes the first N.
pub const COMMON: &[Service] = &[
    service(80, "http"),
    service(443, "https"),
    service(22, "ssh"),
    service(8080, "http-alt"),
    service(21, "ftp"),
    service(25, "smtp"),
    service(53, "domain"),
    service(3306, "mysql"),
    service(5432, "postgresql"),
    service(6379, "redis"),
    service(3389, "ms-wbt-server"),
    service(8443, "pcsync-https"),
    service(445, "microsoft-ds"),
    service(139, "netbios-ssn"),
    service(23, "telnet"),
    service(110, "pop3"),
    service(143, "imap"),
    service(993, "imaps"),
    service(995, "pop3s"),
    service(587, "submission"),
    service(465, "submissions"),
    service(3000, "hbci"), // often a Node.js or Grafana development server
    service(5000, "commplex-main"), // often a Flask development server
    service(8000, "irdmi"), // often a Python or Django development server
    service(9000, "cslistener"), // often PHP-FPM or MinIO
    service(9090, "websm"), // often Prometheus
    service(9200, "wap-wsp"), // often Elasticsearch
    service(9092, "XmlIpcRegSvc"), // often Kafka
    service(2181, "eforward"), // often ZooKeeper
    service(11211, "memcache"),
    service(5672, "amqp"),
    service(5671, "amqps"),
    service(1433, "ms-sql-s"),
    service(1521, "ncube-lm"), // often Oracle Database
    service(2375, "docker"),
    service(2376, "docker-s"),
    service(2379, "etcd-client"),
    service(2380, "etcd-server"),
    service(6443, "sun-sr-https"), // often a Kubernetes API server
    service(5984, "couchdb"),
    service(1883, "mqtt"),
    service(8883, "secure-mqtt"),
    service(4369, "epmd"),
    service(389, "ldap"),
    service(636, "ldaps"),
    service(88, "kerberos"),
    service(464, "kpasswd"),
    service(111, "sunrpc"),
    service(135, "epmap"),
    service(2049, "nfs"),
    service(873, "rsync"),
    service(9418, "git"),
    service(3690, "svn"),
    service(5900, "rfb"),
    service(6000, "x11"),
    service(8008, "http-alt"),
    service(8081, "sunproxyadmin"),
    service(8888, "ddi-tcp-1"),
    service(3128, "ndl-aas"), // often the Squid proxy
    service(1080, "socks"),
    service(5060, "sip"),
    service(5061, "sip-tls"),
    service(5222, "xmpp-client"),
    service(5269, "xmpp-server"),
    service(5985, "wsman"),
    service(5986, "wsmans"),
    service(3260, "iscsi-target"),
    service(1194, "openvpn"),
    service(1723, "pptp"),
    service(1812, "radius"),
    service(853, "domain-s"),
    service(631, "ipp"),
    service(515, "printer"),
    service(9100, "pdl-datastream"),
    service(548, "afpovertcp"),
    service(554, "rtsp"),
    service(113, "auth"),
    service(119, "nntp"),
    service(179, "bgp"),
    service(161, "snmp"),
    service(199, "smux"),
    service(427, "svrloc"),
    service(1434, "ms-sql-m"),
    service(3268, "msft-gc"),
    service(6514, "syslog-tls"),
    service(10000, "ndmp"),
    service(20, "ftp-data"),
    service(990, "ftps"),
    service(989, "ftps-data"),
    service(992, "telnets"),
    service(79, "finger"),
    service(70, "gopher"),
    service(513, "login"),
    service(514, "shell"),
    service(512, "exec"),
];

/// The registered name of a TCP port, if the built-in list has it.
pub fn name_of(port: u16) -> Option<&'static str> {
    COMMON
        .iter()
        .find(|service| service.port == port)
        .map(|service| service.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_by_port() {
        assert_eq!(name_of(22), Some("ssh"));
        assert_eq!(name_of(5432), Some("postgresql"));
        assert_eq!(name_of(1), None);
    }

    #[test]
    fn no_port_is_listed_twice() {
        let mut ports: Vec<u16> = COMMON.iter().map(|service| service.port).collect();
        ports.sort_unstable();
        let before = ports.len();
        ports.dedup();
        assert_eq!(ports.len(), before);
        assert!(ports.iter().all(|&port| port != 0));
    }
}
