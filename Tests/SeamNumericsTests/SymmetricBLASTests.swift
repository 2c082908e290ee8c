import Testing
import SeamCore
import SeamNumerics

/// The dsymv/dsyr wrappers against plain loops: they read and write only the lower triangle
/// of a row-major matrix (the upper triangle holds garbage here and must not matter or change).
@Suite struct SymmetricBLASTests {
    @Test func symmetricProductAndRankOneUpdateUseOnlyTheLowerTriangle() {
        let n = 7
        var rng = SeededGenerator(seed: 12)
        var a = (0..<(n * n)).map { _ in rng.uniform() - 0.5 }
        let upper = (0..<n).flatMap { i in ((i + 1)..<n).map { j in a[i * n + j] } }
        func lower(_ i: Int, _ j: Int) -> Double { i >= j ? a[i * n + j] : a[j * n + i] }
        let x = (0..<n).map { _ in rng.uniform() - 0.5 }
        var y = (0..<n).map { Double($0) }
        let y0 = y
        a.withUnsafeBufferPointer { ap in x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { yp in
            SymmetricBLAS.multiply(ap.baseAddress!, dimension: n, xp.baseAddress!, into: yp.baseAddress!, alpha: 2, beta: 0.5)
        } } }
        for i in 0..<n {
            let expected = 2 * (0..<n).reduce(0.0) { $0 + lower(i, $1) * x[$1] } + 0.5 * y0[i]
            #expect(abs(y[i] - expected) <= 1e-14 * 4)
        }
        let before = a
        a.withUnsafeMutableBufferPointer { ap in x.withUnsafeBufferPointer { xp in
            SymmetricBLAS.rankOneUpdate(ap.baseAddress!, dimension: n, alpha: -0.3, xp.baseAddress!)
        } }
        for i in 0..<n {
            for j in 0...i { #expect(abs(a[i * n + j] - (before[i * n + j] - 0.3 * x[i] * x[j])) <= 1e-15) }
        }
        #expect((0..<n).flatMap { i in ((i + 1)..<n).map { j in a[i * n + j] } } == upper)
    }
}
