import Foundation
import SeamCore
import SeamFEM

/// Grading of a contact mesh: cells of size `fineSize` (Å) within `fineWidth` of the contact
/// axis and `fineDepth` of the surface, growing geometrically by `growth` per cell beyond.
///
/// Why: the adhesive law acts over ~1 Å while the body is 10-100 nm across; a geometric mesh
/// resolves the contact zone with a cell count that grows only logarithmically with the body.
public struct ContactMeshGrading: Sendable, Equatable {
    /// Cell size in the fine zone, Å.
    public var fineSize: Double
    /// Half-width of the fine zone along the surface (from the symmetry axis), Å.
    public var fineWidth: Double
    /// Depth of the fine zone below the surface, Å.
    public var fineDepth: Double
    /// Size ratio of neighbouring cells outside the fine zone (1 < growth ≤ 2).
    public var growth: Double

    public init(fineSize: Double, fineWidth: Double, fineDepth: Double, growth: Double = 1.15) throws {
        guard fineSize > 0, fineWidth >= fineSize, fineDepth >= fineSize else {
            throw InputError("contact mesh: the fine zone (\(fineWidth) x \(fineDepth) Å) must hold at least one cell of \(fineSize) Å")
        }
        guard growth > 1, growth <= 2 else { throw InputError("contact mesh: growth ratio must lie in (1, 2] (got \(growth))") }
        self.fineSize = fineSize; self.fineWidth = fineWidth; self.fineDepth = fineDepth; self.growth = growth
    }

    /// Node coordinates 0 = t_0 < ... < t_n = length: uniform cells of `fineSize` up to `fine`,
    /// then cells growing by `growth`; the geometric part is rescaled to end exactly at `length`.
    static func coordinates(length: Double, fine: Double, size: Double, growth: Double) -> [Double] {
        let nf = max(1, Int((min(fine, length) / size).rounded(.up)))
        let h = min(fine, length) / Double(nf)
        var t = (0...nf).map { Double($0) * h }
        guard length > t.last! * (1 + 1e-12) else { t[t.count - 1] = length; return t }
        var sizes: [Double] = [], s = h, rest = length - t.last!
        while rest > 0 { s *= growth; sizes.append(s); rest -= s }
        let scale = (length - t.last!) / sizes.reduce(0, +)
        for s in sizes { t.append(t.last! + s * scale) }
        t[t.count - 1] = length
        return t
    }

    /// A graded rectangle of quadrilaterals [0, width] x [top - depth, top], fine toward
    /// (0, top); node sets and boundary groups as in `StructuredMesh.rectangle` ("left" is the
    /// symmetry axis x = 0, "top" the contact surface). `profile` lifts the top surface to
    /// top + profile(x), blending linearly to zero at the bottom (a curved contact face).
    public func rectangle(width: Double, depth: Double, top: Double = 0,
                          profile: (@Sendable (Double) -> Double)? = nil) throws -> Mesh {
        guard width > fineSize, depth > fineSize else { throw InputError("contact mesh: the body (\(width) x \(depth) Å) is smaller than one fine cell") }
        let xs = Self.coordinates(length: width, fine: fineWidth, size: fineSize, growth: growth)
        let down = Self.coordinates(length: depth, fine: fineDepth, size: fineSize, growth: growth)
        let ys = down.reversed().map { top - $0 }
        let nx = xs.count - 1, ny = ys.count - 1
        return try StructuredMesh.rectangle(cellsX: nx, cellsY: ny, width: Double(nx), height: Double(ny), cellType: .quadrilateral4) { p in
            let x = xs[Int(p.x.rounded())], y = ys[Int(p.y.rounded())]
            guard let profile else { return Vec3(x, y, 0) }
            return Vec3(x, y + profile(x) * (y - (top - depth)) / depth, 0)
        }
    }
}
