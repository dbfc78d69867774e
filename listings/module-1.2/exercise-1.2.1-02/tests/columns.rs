//! What "done" means for Exercise 1.2.1-2. Timing is for you to look at (see the chapter's
//! suggestion to wrap both versions in a criterion bench); the tests check the answers.
use exercise_1_2_1_02::Matrix;

#[test]
fn small_matrix() {
    let m = Matrix {
        rows: 2,
        cols: 3,
        values: vec![1, 2, 3, 10, 20, 30],
    };
    assert_eq!(m.column_sums_by_row(), vec![11, 22, 33]);
}

#[test]
fn agrees_with_the_column_walk_on_many_shapes() {
    for (rows, cols) in [(1, 1), (1, 7), (7, 1), (64, 33), (333, 17), (1000, 1000)] {
        let m = Matrix::from_fn(rows, cols, |r, c| (r * 31 + c * 7) as u64 % 1000);
        assert_eq!(
            m.column_sums_by_row(),
            m.column_sums_by_column(),
            "{rows}x{cols}"
        );
    }
}

#[test]
fn empty_shapes() {
    assert_eq!(
        Matrix::from_fn(0, 4, |_, _| 1).column_sums_by_row(),
        vec![0; 4]
    );
    assert_eq!(
        Matrix::from_fn(4, 0, |_, _| 1).column_sums_by_row(),
        Vec::<u64>::new()
    );
}
