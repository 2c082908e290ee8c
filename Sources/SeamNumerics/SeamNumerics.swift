import SeamCore
/// Sparse and dense linear algebra, Newton and minimisers. The only importer of the C shims.
///
/// Design notes (sparse Cholesky). `CholeskySolver` is a thin wrapper over CHOLMOD's
/// `cholmod_analyze` / `cholmod_factorize` / `cholmod_solve`; all pointers live in the internal
/// `CholmodHandle`, which keeps `cholmod_common` at a stable heap address for its lifetime.
/// The matrix is given once as a `SparseMatrixPattern` (one triangle, Int32 indices) and values
/// are passed per factorisation, so the symbolic analysis is reused. Status codes become
/// `NumericalError`; simplicial factors are kept in LL^T form so indefiniteness is always
/// detected, and round-off pivots (positive semi-definite matrices: mechanisms) are reported
/// through a relative pivot threshold. The `.ldlt` form (simplicial LDL^T, no pivoting) factors
/// the symmetric indefinite stiffness of an unstable equilibrium branch on the same analysis and
/// reports its inertia (negative entries of D), which path following uses as the stability of
/// a state; it fails only on a zero pivot and is slower than the supernodal LL^T on large 3D
/// problems, so the default stays `.cholesky`.
public enum SeamNumericsModule {}
