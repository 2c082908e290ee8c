import Foundation
import SeamCore

/// A quadrature rule on a reference cell: points (reference coordinates) and weights.
///
/// Reference cells follow Gmsh: lines and quadrilaterals/hexahedra on [-1, 1]^d, triangles
/// and tetrahedra on the unit simplex (weights sum to 1/2 and 1/6). Rules of any degree are
/// built from Gauss-Legendre points (tensor products; collapsed "Duffy" products on
/// simplices), with the classical 1-, 3- and 4-point simplex rules for low degree because
/// they are what the assembly hot loop uses.
public struct QuadratureRule: Sendable, Equatable {
    public var points: [Vec3]
    public var weights: [Double]
    public var count: Int { points.count }

    public init(points: [Vec3], weights: [Double]) {
        precondition(points.count == weights.count)
        self.points = points; self.weights = weights
    }

    /// A rule exact for polynomials of total degree `degree` (per direction on tensor cells).
    public static func gauss(_ type: CellType, degree: Int) -> QuadratureRule {
        precondition(degree >= 0)
        switch type {
        case .line2, .line3:
            let g = gaussLegendre(count: (degree + 2) / 2)
            return QuadratureRule(points: g.x.map { Vec3($0, 0, 0) }, weights: g.w)
        case .quadrilateral4:
            let g = gaussLegendre(count: (degree + 2) / 2)
            var p: [Vec3] = [], w: [Double] = []
            for j in 0..<g.x.count { for i in 0..<g.x.count { p.append(Vec3(g.x[i], g.x[j], 0)); w.append(g.w[i] * g.w[j]) } }
            return QuadratureRule(points: p, weights: w)
        case .hexahedron8:
            let g = gaussLegendre(count: (degree + 2) / 2)
            var p: [Vec3] = [], w: [Double] = []
            for k in 0..<g.x.count { for j in 0..<g.x.count { for i in 0..<g.x.count {
                p.append(Vec3(g.x[i], g.x[j], g.x[k])); w.append(g.w[i] * g.w[j] * g.w[k])
            } } }
            return QuadratureRule(points: p, weights: w)
        case .triangle3, .triangle6:
            if degree <= 1 { return QuadratureRule(points: [Vec3(1.0 / 3, 1.0 / 3, 0)], weights: [0.5]) }
            if degree == 2 {
                return QuadratureRule(points: [Vec3(1.0 / 6, 1.0 / 6, 0), Vec3(2.0 / 3, 1.0 / 6, 0), Vec3(1.0 / 6, 2.0 / 3, 0)],
                                      weights: [1.0 / 6, 1.0 / 6, 1.0 / 6])
            }
            // Duffy: x = u, y = v (1 - u), dA = (1 - u) du dv; degree+1 in u.
            let g = gaussLegendre(count: (degree + 3) / 2)
            var p: [Vec3] = [], w: [Double] = []
            for i in 0..<g.x.count { for j in 0..<g.x.count {
                let u = 0.5 * (g.x[i] + 1), v = 0.5 * (g.x[j] + 1)
                p.append(Vec3(u, v * (1 - u), 0)); w.append(0.25 * g.w[i] * g.w[j] * (1 - u))
            } }
            return QuadratureRule(points: p, weights: w)
        case .tetrahedron4, .tetrahedron10:
            if degree <= 1 { return QuadratureRule(points: [Vec3(0.25, 0.25, 0.25)], weights: [1.0 / 6]) }
            if degree == 2 {
                let a = 0.585_410_196_624_968_5, b = 0.138_196_601_125_010_5
                return QuadratureRule(points: [Vec3(b, b, b), Vec3(a, b, b), Vec3(b, a, b), Vec3(b, b, a)],
                                      weights: [Double](repeating: 1.0 / 24, count: 4))
            }
            // Duffy: x = u, y = v (1-u), z = w (1-u)(1-v), dV = (1-u)^2 (1-v).
            let g = gaussLegendre(count: (degree + 4) / 2)
            var p: [Vec3] = [], w: [Double] = []
            for i in 0..<g.x.count { for j in 0..<g.x.count { for k in 0..<g.x.count {
                let u = 0.5 * (g.x[i] + 1), v = 0.5 * (g.x[j] + 1), s = 0.5 * (g.x[k] + 1)
                p.append(Vec3(u, v * (1 - u), s * (1 - u) * (1 - v)))
                w.append(0.125 * g.w[i] * g.w[j] * g.w[k] * (1 - u) * (1 - u) * (1 - v))
            } } }
            return QuadratureRule(points: p, weights: w)
        }
    }

    /// The rule used for stiffness and internal forces: exact for the stiffness of
    /// undistorted elements (1 point on linear simplices, 2^d Gauss points on bilinear/trilinear
    /// cells, degree 2 on quadratic simplices).
    public static func stiffness(_ type: CellType) -> QuadratureRule {
        switch type {
        case .line2, .triangle3, .tetrahedron4: gauss(type, degree: 1)
        case .line3, .triangle6, .tetrahedron10: gauss(type, degree: 2)
        case .quadrilateral4, .hexahedron8: gauss(type, degree: 3)
        }
    }

    /// The rule used for loads (body forces, tractions): degree 2p for elements of order p.
    public static func load(_ type: CellType) -> QuadratureRule {
        switch type {
        case .line2, .triangle3, .tetrahedron4, .quadrilateral4, .hexahedron8: gauss(type, degree: 3)
        case .line3, .triangle6, .tetrahedron10: gauss(type, degree: 4)
        }
    }

    /// Gauss-Legendre points and weights on [-1, 1] (Newton iteration on P_n; exact to degree 2n-1).
    public static func gaussLegendre(count n: Int) -> (x: [Double], w: [Double]) {
        precondition(n >= 1)
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var t = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = t
                if n == 1 { p1 = t } else {
                    for k in 2...n { let pk = (Double(2 * k - 1) * t * p1 - Double(k - 1) * p0) / Double(k); p0 = p1; p1 = pk }
                }
                let pn = n == 1 ? t : p1, pm = n == 1 ? 1.0 : p0
                dp = Double(n) * (t * pn - pm) / (t * t - 1)
                let dt = pn / dp
                t -= dt
                if abs(dt) < 1e-16 { break }
            }
            x[n - 1 - i] = t; w[n - 1 - i] = 2 / ((1 - t * t) * dp * dp)
        }
        return (x, w)
    }
}
