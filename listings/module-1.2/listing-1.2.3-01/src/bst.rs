//! A binary search tree with no balancing at all: the textbook version.
//!
//! Every method is a loop rather than a recursion, because the tree this listing builds from
//! sorted keys is 10,000 levels deep, and recursion that deep can overflow the stack.

// ANCHOR: bst
pub struct Bst {
    root: Link,
    len: usize,
}

type Link = Option<Box<Node>>;

struct Node {
    key: u64,
    left: Link,
    right: Link,
}

impl Bst {
    pub fn new() -> Self {
        Self { root: None, len: 0 }
    }

    /// Walks down from the root, left for smaller keys and right for larger, and hangs the
    /// new node where the walk falls off the tree. Returns false if the key was already there.
    pub fn insert(&mut self, key: u64) -> bool {
        let mut link = &mut self.root;
        while let Some(node) = link {
            if key == node.key {
                return false;
            }
            link = if key < node.key {
                &mut node.left
            } else {
                &mut node.right
            };
        }
        *link = Some(Box::new(Node {
            key,
            left: None,
            right: None,
        }));
        self.len += 1;
        true
    }

    pub fn contains(&self, key: u64) -> bool {
        let mut link = &self.root;
        while let Some(node) = link {
            if key == node.key {
                return true;
            }
            link = if key < node.key {
                &node.left
            } else {
                &node.right
            };
        }
        false
    }
    // ANCHOR_END: bst

    pub fn len(&self) -> usize {
        self.len
    }

    /// The number of nodes on the longest path from the root down.
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(&Node, usize)> = self.root.iter().map(|n| (&**n, 1)).collect();
        while let Some((node, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            for child in [&node.left, &node.right].into_iter().flatten() {
                stack.push((child, depth + 1));
            }
        }
        deepest
    }
}

impl Default for Bst {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Bst {
    /// The default drop recurses once per level; unlink nodes onto a heap stack instead.
    fn drop(&mut self) {
        let mut stack: Vec<Box<Node>> = self.root.take().into_iter().collect();
        while let Some(mut node) = stack.pop() {
            stack.extend(node.left.take());
            stack.extend(node.right.take());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_and_depth() {
        let mut tree = Bst::new();
        for key in [50, 30, 70, 20, 40, 60, 80] {
            assert!(tree.insert(key));
        }
        assert!(!tree.insert(40), "duplicates are refused");
        assert_eq!(tree.len(), 7);
        assert_eq!(
            tree.depth(),
            3,
            "inserted in this order, the tree is perfectly balanced"
        );
        assert!(tree.contains(60));
        assert!(!tree.contains(65));
    }

    #[test]
    fn sorted_keys_make_a_list_and_dropping_it_does_not_overflow() {
        let mut tree = Bst::new();
        for key in 0..20_000 {
            tree.insert(key);
        }
        assert_eq!(tree.depth(), 20_000);
        drop(tree);
    }
}
