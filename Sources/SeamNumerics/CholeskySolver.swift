import SeamCore

/// Sparse Cholesky factorisation A = L L^T of a symmetric positive-definite matrix (CHOLMOD).
///
/// The symbolic analysis (fill-reducing ordering, elimination tree, supernodes) is done once
/// in `init`; `factorize(values:)` then refactorises numerically for any values on the same
/// pattern, which is what Newton iterations and load steps need. Thin wrapper: one method per
/// CHOLMOD routine, CHOLMOD's status turned into `NumericalError`.
///
/// A `final class` because it owns a C resource with identity (the factor); not `Sendable`.
public final class CholeskySolver {
    /// Fill-reducing ordering for the symbolic analysis.
    public enum Ordering: Sendable {
        /// CHOLMOD's default strategy (tries AMD, then METIS/NESDIS when fill is large).
        case automatic
        /// Approximate minimum degree: cheap analysis, the best choice for 2D meshes.
        case amd
        /// METIS nested dissection: costlier analysis, about half the flops for 3D meshes.
        case metis
        /// No reordering (for tests).
        case natural
        /// AMD for 2D problems and METIS for 3D ones (measured in swift-recipe.md).
        public static func recommended(spatialDimension: Int) -> Ordering { spatialDimension >= 3 ? .metis : .amd }
    }

    private let handle: CholmodHandle
    /// The pattern this solver was analysed for.
    public let pattern: SparseMatrixPattern
    /// Whether `factorize(values:)` has succeeded at least once since the last failure.
    public private(set) var isFactorized = false
    /// Flops of one numeric factorisation, as counted by CHOLMOD's analysis (`Common->fl`).
    public let factorizationFlops: Double
    /// Nonzeros of the factor L (`Common->lnz`), the fill.
    public let factorNonzeros: Double

    /// Pivots with L_jj^2 < `singularityTolerance` x A_jj are reported as a numerically singular
    /// (not positive definite) matrix: LL^T of a positive semi-definite matrix (a structure with a
    /// rigid-body mode) otherwise "succeeds" with round-off pivots. 0 disables the check.
    public let singularityTolerance: Double

    /// Analyses the pattern symbolically (`cholmod_analyze`).
    public init(pattern: SparseMatrixPattern, ordering: Ordering = .automatic, singularityTolerance: Double = 1e-13) throws {
        self.pattern = pattern
        self.singularityTolerance = singularityTolerance
        handle = CholmodHandle(pattern: pattern, ordering: ordering)
        try handle.analyze()
        factorizationFlops = handle.flops
        factorNonzeros = handle.factorNonzeros
    }

    /// Numeric (re)factorisation with new values on the analysed pattern (`cholmod_factorize`).
    ///
    /// - Throws: `NumericalError(.notPositiveDefinite)` naming the column (in the factor's
    ///   permuted order) where the pivot failed or fell below `singularityTolerance`.
    public func factorize(values: [Double]) throws {
        precondition(values.count == pattern.nonzeroCount, "values must have \(pattern.nonzeroCount) entries")
        isFactorized = false
        try values.withUnsafeBufferPointer { try handle.factorize(values: $0) }
        if singularityTolerance > 0 {
            let (ratio, column) = handle.smallestPivotRatio()
            if !(ratio >= singularityTolerance) {
                throw NumericalError(.notPositiveDefinite, "matrix is numerically singular: pivot at column \(column) of \(pattern.dimension) keeps only \(ratio) of its diagonal (a mechanism or missing constraint?)")
            }
        }
        isFactorized = true
    }

    /// Solves A x = b with the current factor (`cholmod_solve`).
    public func solve(rhs: [Double]) throws -> [Double] {
        try solve(rhs: rhs, count: 1)
    }

    /// Solves A X = B for `count` right-hand sides stored one after another (column-major).
    public func solve(rhs: [Double], count: Int) throws -> [Double] {
        precondition(isFactorized, "factorize(values:) must succeed before solve")
        precondition(rhs.count == pattern.dimension * count, "rhs must have dimension x count entries")
        var out = [Double](repeating: 0, count: rhs.count)
        try rhs.withUnsafeBufferPointer { r in
            try out.withUnsafeMutableBufferPointer { try handle.solve(rhs: r, count: count, into: $0) }
        }
        return out
    }
}
