// ANCHOR: solution
#[derive(Clone, Copy, PartialEq)]
enum Colour {
    White, // not visited yet
    Grey,  // on the current depth-first path
    Black, // finished: every node reachable from it has been explored
}

pub fn find_cycle(graph: &[Vec<usize>]) -> Option<Vec<usize>> {
    let mut colour = vec![Colour::White; graph.len()];
    for root in 0..graph.len() {
        if colour[root] != Colour::White {
            continue;
        }
        // Each frame is a node and the index of the next edge to follow from it; the
        // stack *is* the current path.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = Colour::Grey;
        while let Some(&mut (node, ref mut next_edge)) = stack.last_mut() {
            if let Some(&next) = graph[node].get(*next_edge) {
                *next_edge += 1;
                match colour[next] {
                    Colour::White => {
                        colour[next] = Colour::Grey;
                        stack.push((next, 0));
                    }
                    Colour::Grey => {
                        // `next` is on the path: the path from `next` to here, plus the edge
                        // back to `next`, is a cycle.
                        let start = stack.iter().position(|&(n, _)| n == next)?;
                        let mut cycle: Vec<usize> =
                            stack[start..].iter().map(|&(n, _)| n).collect();
                        cycle.push(next);
                        return Some(cycle);
                    }
                    Colour::Black => {}
                }
            } else {
                colour[node] = Colour::Black;
                stack.pop();
            }
        }
    }
    None
}
// ANCHOR_END: solution
