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

    /// Analyses the pattern symbolically (`cholmod_analyze`).
    public init(pattern: SparseMatrixPattern, ordering: Ordering = .automatic) throws {
        self.pattern = pattern
        handle = CholmodHandle(pattern: pattern, ordering: ordering)
        try handle.analyze()
        factorizationFlops = handle.flops
        factorNonzeros = handle.factorNonzeros
    }

    /// Numeric (re)factorisation with new values on the analysed pattern (`cholmod_factorize`).
    ///
    /// - Throws: `NumericalError(.notPositiveDefinite)` naming the column where the pivot failed.
    public func factorize(values: [Double]) throws {
        precondition(values.count == pattern.nonzeroCount, "values must have \(pattern.nonzeroCount) entries")
        isFactorized = false
        try values.withUnsafeBufferPointer { try handle.factorize(values: $0) }
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
