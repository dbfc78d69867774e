//! What "done" means for Exercise 1.1.3-1.
use exercise_1_1_3_01::{BlockId, BlockPool, LINK_SIZE, PoolError};
use std::collections::HashSet;

#[test]
fn hands_out_every_block_once_then_none() {
    let mut pool = BlockPool::new(32, 4).unwrap();
    assert_eq!(pool.available(), 4);
    let ids: HashSet<BlockId> = (0..4).map(|_| pool.allocate().unwrap()).collect();
    assert_eq!(ids.len(), 4, "four different blocks");
    assert_eq!(pool.allocate(), None);
    assert_eq!(pool.available(), 0);
}

#[test]
fn the_block_freed_last_is_reused_first() {
    let mut pool = BlockPool::new(16, 8).unwrap();
    let ids: Vec<BlockId> = (0..8).map(|_| pool.allocate().unwrap()).collect();
    pool.free(ids[5]).unwrap();
    pool.free(ids[2]).unwrap();
    assert_eq!(pool.available(), 2);
    assert_eq!(pool.allocate(), Some(ids[2]));
    assert_eq!(pool.allocate(), Some(ids[5]));
    assert_eq!(pool.allocate(), None);
}

#[test]
fn blocks_do_not_overlap_and_keep_their_contents() {
    let mut pool = BlockPool::new(24, 10).unwrap();
    let ids: Vec<BlockId> = (0..10).map(|_| pool.allocate().unwrap()).collect();
    for (n, &id) in ids.iter().enumerate() {
        let block = pool.block_mut(id).unwrap();
        assert_eq!(block.len(), 24);
        block.fill(n as u8);
    }
    // Freeing a block writes a link into it: its neighbours must not notice.
    pool.free(ids[4]).unwrap();
    pool.free(ids[6]).unwrap();
    for (n, &id) in ids.iter().enumerate() {
        if n == 4 || n == 6 {
            assert!(
                pool.block_mut(id).is_none(),
                "a free block is not yours to use"
            );
        } else {
            assert!(pool.block_mut(id).unwrap().iter().all(|&b| b == n as u8));
        }
    }
}

/// The link stored in the first `LINK_SIZE` bytes of block `index`.
fn link_in_block(pool: &BlockPool, block_size: usize, index: usize) -> u64 {
    let start = index * block_size;
    let bytes: [u8; LINK_SIZE] = pool.memory()[start..start + LINK_SIZE]
        .try_into()
        .expect("LINK_SIZE bytes");
    u64::from_le_bytes(bytes)
}

#[test]
fn the_free_list_lives_in_the_free_blocks() {
    const SIZE: usize = 16;
    let mut pool = BlockPool::new(SIZE, 6).unwrap();
    assert_eq!(
        pool.memory().len(),
        6 * SIZE,
        "the pool's memory is its blocks"
    );
    let ids: Vec<BlockId> = (0..6).map(|_| pool.allocate().unwrap()).collect();
    for &id in &ids {
        pool.block_mut(id).unwrap().fill(0xAA);
    }
    // Free 1, then 4, then 3: the list is now 3 -> 4 -> 1 -> end, and each free block must say so
    // in its own first bytes. A pool that keeps the free blocks in a side `Vec` leaves them
    // holding 0xAA and fails here.
    for index in [1, 4, 3] {
        pool.free(ids[index]).unwrap();
    }
    assert_eq!(link_in_block(&pool, SIZE, 3), 4, "block 3 links to block 4");
    assert_eq!(link_in_block(&pool, SIZE, 4), 1, "block 4 links to block 1");
    assert_eq!(
        link_in_block(&pool, SIZE, 1),
        u64::MAX,
        "block 1 ends the list"
    );
    // The blocks in use are untouched, link bytes included.
    for index in [0, 2, 5] {
        assert!(
            pool.memory()[index * SIZE..(index + 1) * SIZE]
                .iter()
                .all(|&b| b == 0xAA)
        );
    }
    // And the list is what allocation follows.
    assert_eq!(pool.allocate(), Some(ids[3]));
    assert_eq!(pool.allocate(), Some(ids[4]));
    assert_eq!(pool.allocate(), Some(ids[1]));
    assert_eq!(pool.allocate(), None);
}

#[test]
fn a_new_pool_links_its_blocks_in_order() {
    let pool = BlockPool::new(8, 3).unwrap();
    assert_eq!(link_in_block(&pool, 8, 0), 1);
    assert_eq!(link_in_block(&pool, 8, 1), 2);
    assert_eq!(link_in_block(&pool, 8, 2), u64::MAX);
}

#[test]
fn a_double_free_and_a_stranger_are_errors() {
    let mut pool = BlockPool::new(8, 2).unwrap();
    let id = pool.allocate().unwrap();
    pool.free(id).unwrap();
    assert_eq!(pool.free(id), Err(PoolError::DoubleFree(id)));
    assert_eq!(pool.free(BlockId(2)), Err(PoolError::NotInPool(BlockId(2))));
    assert_eq!(pool.available(), 2, "failed frees change nothing");
}

#[test]
fn a_block_must_hold_a_link() {
    assert_eq!(
        BlockPool::new(LINK_SIZE - 1, 4).err(),
        Some(PoolError::BlockTooSmall {
            block_size: LINK_SIZE - 1
        })
    );
    assert!(BlockPool::new(LINK_SIZE, 4).is_ok());
}

#[test]
fn an_empty_pool_has_nothing_to_give() {
    let mut pool = BlockPool::new(64, 0).unwrap();
    assert_eq!(pool.allocate(), None);
}

#[test]
fn survives_a_long_mixed_workload() {
    // A deterministic shuffle of allocations and frees; the pool's bookkeeping must agree with ours.
    let mut pool = BlockPool::new(16, 100).unwrap();
    let mut held: Vec<BlockId> = Vec::new();
    let mut state: u64 = 12345;
    for _ in 0..10_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        if !(state >> 33).is_multiple_of(3) {
            match pool.allocate() {
                Some(id) => {
                    assert!(!held.contains(&id), "block {} handed out twice", id.0);
                    pool.block_mut(id).unwrap().fill(id.0 as u8);
                    held.push(id);
                }
                None => assert_eq!(held.len(), 100),
            }
        } else if !held.is_empty() {
            let id = held.swap_remove((state >> 40) as usize % held.len());
            assert!(pool.block_mut(id).unwrap().iter().all(|&b| b == id.0 as u8));
            pool.free(id).unwrap();
        }
        assert_eq!(pool.available(), 100 - held.len());
    }
}
