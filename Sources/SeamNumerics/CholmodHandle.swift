import CCHOLMOD
import SeamCore

/// Owns the CHOLMOD workspace, the matrix and the factor: every unsafe pointer of the
/// Cholesky wrapper lives here.
///
/// `cholmod_common` must stay at a stable address between calls, so it is heap-allocated
/// once and started/finished with the handle's lifetime.
final class CholmodHandle {
    let common: UnsafeMutablePointer<cholmod_common>
    let matrix: UnsafeMutablePointer<cholmod_sparse>
    var factor: UnsafeMutablePointer<cholmod_factor>?
    let dimension: Int
    let nonzeroCount: Int

    /// Whether the factor is the simplicial LDL^T form (symmetric indefinite, no pivoting).
    let isLDL: Bool

    init(pattern: SparseMatrixPattern, ordering: CholeskySolver.Ordering, ldl: Bool = false) {
        common = .allocate(capacity: 1)
        cholmod_start(common)
        common.pointee.print = 0              // errors become Swift errors, not stderr text
        common.pointee.quick_return_if_not_posdef = 1
        isLDL = ldl
        if ldl {
            // LDL^T exists only as a simplicial factor in CHOLMOD; it fails only on a zero pivot.
            common.pointee.supernodal = CHOLMOD_SIMPLICIAL
            common.pointee.final_ll = 0
        } else {
            common.pointee.final_ll = 1      // simplicial factors in LL^T form too, so indefiniteness is detected
        }
        switch ordering {
        case .automatic: break
        case .amd:
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_AMD
        case .metis:
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_METIS
        case .natural:
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_NATURAL
        }
        dimension = pattern.dimension
        nonzeroCount = pattern.nonzeroCount
        let stype: Int32 = pattern.triangle == .upper ? 1 : -1
        guard let a = cholmod_allocate_sparse(dimension, dimension, max(1, nonzeroCount), 1, 1, stype, CHOLMOD_REAL, common) else {
            fatalError("CHOLMOD could not allocate a \(dimension)x\(dimension) matrix with \(nonzeroCount) entries")
        }
        matrix = a
        let p = a.pointee.p.bindMemory(to: Int32.self, capacity: dimension + 1)
        pattern.columnStarts.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: dimension + 1) }
        let i = a.pointee.i.bindMemory(to: Int32.self, capacity: max(1, nonzeroCount))
        pattern.rowIndices.withUnsafeBufferPointer { if nonzeroCount > 0 { i.update(from: $0.baseAddress!, count: nonzeroCount) } }
        let x = a.pointee.x.bindMemory(to: Double.self, capacity: max(1, nonzeroCount))
        x.initialize(repeating: 0, count: max(1, nonzeroCount))
    }

    deinit {
        if factor != nil { cholmod_free_factor(&factor, common) }
        var a: UnsafeMutablePointer<cholmod_sparse>? = matrix
        cholmod_free_sparse(&a, common)
        cholmod_finish(common)
        common.deallocate()
    }

    /// Symbolic analysis (`cholmod_analyze`): ordering and supernodal structure.
    func analyze() throws {
        guard let l = cholmod_analyze(matrix, common) else {
            throw NumericalError(.singular, "CHOLMOD symbolic analysis failed (status \(common.pointee.status))")
        }
        factor = l
    }

    /// Numeric factorisation (`cholmod_factorize`) reusing the symbolic analysis.
    func factorize(values: UnsafeBufferPointer<Double>) throws {
        precondition(values.count == nonzeroCount, "values must match the pattern (\(nonzeroCount) entries)")
        let x = matrix.pointee.x.bindMemory(to: Double.self, capacity: max(1, nonzeroCount))
        if nonzeroCount > 0 { x.update(from: values.baseAddress!, count: nonzeroCount) }
        let ok = cholmod_factorize(matrix, factor, common)
        let status = common.pointee.status
        if status == CHOLMOD_NOT_POSDEF {
            let minor = factor!.pointee.minor
            if isLDL { throw NumericalError(.singular, "LDL^T factorisation met a zero pivot at column \(minor) of \(dimension)") }
            throw NumericalError(.notPositiveDefinite, "matrix is not positive definite: Cholesky factorisation failed at column \(minor) of \(dimension)")
        }
        if ok == 0 || status < 0 {
            throw NumericalError(.singular, "CHOLMOD factorisation failed (status \(status))")
        }
    }

    /// Solves A X = B for `count` right-hand sides stored column-major in `rhs`.
    func solve(rhs: UnsafeBufferPointer<Double>, count: Int, into out: UnsafeMutableBufferPointer<Double>) throws {
        precondition(rhs.count == dimension * count && out.count == dimension * count)
        guard let b = cholmod_allocate_dense(dimension, count, dimension, CHOLMOD_REAL, common) else {
            throw NumericalError(.singular, "CHOLMOD could not allocate the right-hand side")
        }
        var bb: UnsafeMutablePointer<cholmod_dense>? = b
        defer { cholmod_free_dense(&bb, common) }
        let bx = b.pointee.x.bindMemory(to: Double.self, capacity: dimension * count)
        if dimension * count > 0 { bx.update(from: rhs.baseAddress!, count: dimension * count) }
        var x: UnsafeMutablePointer<cholmod_dense>? = cholmod_solve(CHOLMOD_A, factor, b, common)
        guard let solution = x else {
            throw NumericalError(.singular, "CHOLMOD solve failed (status \(common.pointee.status))")
        }
        defer { cholmod_free_dense(&x, common) }
        let xx = solution.pointee.x.bindMemory(to: Double.self, capacity: dimension * count)
        if dimension * count > 0 { out.baseAddress!.update(from: xx, count: dimension * count) }
    }

    /// Smallest ratio L_jj^2 / A_pp over the columns (p = Perm[j]) and the column j where it
    /// occurs: a pivot that has lost all but round-off of its diagonal marks a numerically
    /// singular matrix (a mechanism), which LL^T cannot otherwise tell from a positive one.
    func smallestPivotRatio() -> (ratio: Double, column: Int) {
        guard let l = factor, dimension > 0 else { return (1, 0) }
        let a = matrix.pointee
        let ap = a.p.bindMemory(to: Int32.self, capacity: dimension + 1)
        let ai = a.i.bindMemory(to: Int32.self, capacity: max(1, nonzeroCount))
        let ax = a.x.bindMemory(to: Double.self, capacity: max(1, nonzeroCount))
        var diag = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension { for k in Int(ap[j])..<Int(ap[j + 1]) where Int(ai[k]) == j { diag[j] += ax[k] } }
        let perm = l.pointee.Perm?.bindMemory(to: Int32.self, capacity: dimension)
        let lx = l.pointee.x.bindMemory(to: Double.self, capacity: 1)
        var best = (ratio: Double.infinity, column: 0)
        func visit(_ j: Int, _ ljj: Double) {
            let p = perm.map { Int($0[j]) } ?? j
            let r = ljj * ljj / diag[p]
            if r < best.ratio || r.isNaN { best = (r, j) }
        }
        if l.pointee.is_super != 0 {
            let sup = l.pointee.super.bindMemory(to: Int32.self, capacity: Int(l.pointee.nsuper) + 1)
            let pi = l.pointee.pi.bindMemory(to: Int32.self, capacity: Int(l.pointee.nsuper) + 1)
            let px = l.pointee.px.bindMemory(to: Int32.self, capacity: Int(l.pointee.nsuper) + 1)
            for s in 0..<Int(l.pointee.nsuper) {
                let k1 = Int(sup[s]), k2 = Int(sup[s + 1]), nsrow = Int(pi[s + 1] - pi[s]), psx = Int(px[s])
                for j in k1..<k2 { visit(j, lx[psx + (j - k1) * (nsrow + 1)]) }
            }
        } else {
            let lp = l.pointee.p.bindMemory(to: Int32.self, capacity: dimension + 1)
            for j in 0..<dimension { visit(j, lx[Int(lp[j])]) }
        }
        return best
    }

    /// For an LDL^T factor: the number of negative entries of D (by Sylvester's law of inertia
    /// the number of negative eigenvalues of A) and the smallest |D_jj| / |A_pp| with its column.
    func inertia() -> (negative: Int, smallestRatio: Double, column: Int) {
        guard let l = factor, dimension > 0, l.pointee.is_ll == 0, l.pointee.is_super == 0 else { return (0, 1, 0) }
        let a = matrix.pointee
        let ap = a.p.bindMemory(to: Int32.self, capacity: dimension + 1)
        let ai = a.i.bindMemory(to: Int32.self, capacity: max(1, nonzeroCount))
        let ax = a.x.bindMemory(to: Double.self, capacity: max(1, nonzeroCount))
        var diag = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension { for k in Int(ap[j])..<Int(ap[j + 1]) where Int(ai[k]) == j { diag[j] += ax[k] } }
        let perm = l.pointee.Perm?.bindMemory(to: Int32.self, capacity: dimension)
        let lp = l.pointee.p.bindMemory(to: Int32.self, capacity: dimension + 1)
        let lx = l.pointee.x.bindMemory(to: Double.self, capacity: 1)
        var negative = 0, best = (ratio: Double.infinity, column: 0)
        for j in 0..<dimension {
            let d = lx[Int(lp[j])]
            if d < 0 { negative += 1 }
            let p = perm.map { Int($0[j]) } ?? j
            let r = abs(d) / abs(diag[p])
            if r < best.ratio || r.isNaN { best = (r, j) }
        }
        return (negative, best.ratio, best.column)
    }

    var flops: Double { common.pointee.fl }
    var factorNonzeros: Double { common.pointee.lnz }
    var isSupernodal: Bool { factor?.pointee.is_super != 0 }
}
