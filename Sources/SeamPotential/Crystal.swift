import SeamCore

/// Builders of perfect crystals as periodic `Structure`s, and re-orientation of a crystal so
/// that a chosen lattice plane (Miller indices) is spanned by the first two cell vectors.
///
/// Hand-written: small integer lattice searches that no Swift library offers.
public enum Crystal {
    /// Conventional cubic fcc cell (4 atoms), lattice constant `a` in Å.
    public static func fcc(_ element: Element, a: Double) -> Structure {
        cubic(element, a: a, basis: [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)])
    }
    /// Conventional cubic bcc cell (2 atoms), lattice constant `a` in Å.
    public static func bcc(_ element: Element, a: Double) -> Structure {
        cubic(element, a: a, basis: [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0.5)])
    }
    /// Conventional cubic diamond cell (8 atoms), lattice constant `a` in Å.
    public static func diamond(_ element: Element, a: Double) -> Structure {
        let f = [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)]
        return cubic(element, a: a, basis: f + f.map { $0 + Vec3(0.25, 0.25, 0.25) })
    }
    /// Primitive diamond cell (2 atoms; fcc lattice vectors (0,½,½)a, (½,0,½)a, (½,½,0)a),
    /// lattice constant `a` in Å. Oriented cells built from it (`oriented`) have the smallest
    /// in-plane periods: (111) gives a 1×1 surface cell of a/√2 with 2 atoms per bilayer.
    public static func diamondPrimitive(_ element: Element, a: Double) -> Structure {
        let cell = Mat3(rows: Vec3(0, 0.5 * a, 0.5 * a), Vec3(0.5 * a, 0, 0.5 * a), Vec3(0.5 * a, 0.5 * a, 0))
        // swiftlint:disable:next force_try
        return try! Structure(elements: [element, element], positions: [.zero, Vec3(0.25 * a, 0.25 * a, 0.25 * a)],
                              cell: cell, periodic: [true, true, true])
    }
    /// Simple cubic cell (1 atom).
    public static func simpleCubic(_ element: Element, a: Double) -> Structure { cubic(element, a: a, basis: [.zero]) }
    /// Hexagonal close-packed cell (2 atoms), a and c in Å; a along x, c along z.
    public static func hcp(_ element: Element, a: Double, c: Double) -> Structure {
        let cell = Mat3(rows: Vec3(a, 0, 0), Vec3(-0.5 * a, 0.5 * 3.0.squareRoot() * a, 0), Vec3(0, 0, c))
        let frac = [Vec3(1.0 / 3, 2.0 / 3, 0.25), Vec3(2.0 / 3, 1.0 / 3, 0.75)]
        // swiftlint:disable:next force_try
        return try! Structure(elements: [element, element], positions: frac.map { $0 * cell }, cell: cell, periodic: [true, true, true])
    }
    /// A two-species rocksalt (B1) conventional cell (8 atoms).
    public static func rocksalt(_ a1: Element, _ a2: Element, a: Double) -> Structure {
        let f = [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)]
        let pos = (f + f.map { $0 + Vec3(0.5, 0, 0) }).map { a * $0 }
        // swiftlint:disable:next force_try
        return try! Structure(elements: Array(repeating: a1, count: 4) + Array(repeating: a2, count: 4), positions: pos,
                              cell: Mat3(diagonal: a, a, a), periodic: [true, true, true])
    }

    private static func cubic(_ element: Element, a: Double, basis: [Vec3]) -> Structure {
        // swiftlint:disable:next force_try
        try! Structure(elements: Array(repeating: element, count: basis.count), positions: basis.map { a * $0 },
                       cell: Mat3(diagonal: a, a, a), periodic: [true, true, true])
    }

    /// Re-expresses a periodic crystal in a cell whose vectors a, b span the lattice plane (hkl)
    /// (Miller indices relative to the crystal's own cell) and whose c vector leaves the plane,
    /// rotated so that a lies along x and the plane normal along z. The new cell holds the
    /// same number of atoms per lattice translation (volume preserved up to the plane's index).
    ///
    /// - Throws: `InputError` for (0 0 0) or a non-periodic input.
    public static func oriented(_ bulk: Structure, miller: (Int, Int, Int), searchRange: Int = 6) throws -> Structure {
        guard bulk.isBulk else { throw InputError("orienting needs a structure periodic along all three axes") }
        let (h, k, l) = miller
        guard h != 0 || k != 0 || l != 0 else { throw InputError("Miller indices (0 0 0) do not define a plane") }
        let g = gcd(gcd(abs(h), abs(k)), abs(l))
        let (h1, k1, l1) = (h / g, k / g, l / g)
        let A = bulk.cell
        func cart(_ u: SIMD3<Int>) -> Vec3 { Double(u.x) * A.r0 + Double(u.y) * A.r1 + Double(u.z) * A.r2 }
        var inPlane: [SIMD3<Int>] = [], outOfPlane: [SIMD3<Int>] = []
        let r = searchRange
        for x in -r...r { for y in -r...r { for z in -r...r where !(x == 0 && y == 0 && z == 0) {
            let dot = h1 * x + k1 * y + l1 * z
            if dot == 0 { inPlane.append(SIMD3(x, y, z)) } else if dot == 1 { outOfPlane.append(SIMD3(x, y, z)) }
        } } }
        inPlane.sort { cart($0).normSquared < cart($1).normSquared }
        guard let u = inPlane.first else { throw InputError("no in-plane lattice vector found for (\(h) \(k) \(l))") }
        // Second vector: smallest area (then shortest), not parallel to u.
        let cu = cart(u)
        let minArea = inPlane.map { cu.cross(cart($0)).norm }.filter { $0 > 1e-8 * cu.normSquared }.min()
        guard let minArea else { throw InputError("no second in-plane vector for (\(h) \(k) \(l)); increase the search range") }
        var v = inPlane.first { abs(cu.cross(cart($0)).norm - minArea) < 1e-8 * minArea }!
        var cv = cart(v)
        var normal = cu.cross(cv).normalized
        // Third vector: shortest lattice vector with index 1 along the plane normal, made as
        // perpendicular as possible by subtracting in-plane lattice vectors.
        var w = outOfPlane.min { cart($0).normSquared < cart($1).normSquared }!
        if cart(w).dot(normal) < 0 { v = SIMD3(-v.x, -v.y, -v.z); cv = cart(v); normal = -normal }
        if cart(w).dot(normal) < 0 { w = SIMD3(-w.x, -w.y, -w.z) }
        var best = w
        for i in -3...3 { for j in -3...3 {
            let cand = w &+ SIMD3(i * u.x + j * v.x, i * u.y + j * v.y, i * u.z + j * v.z)
            if cart(cand).normSquared < cart(best).normSquared { best = cand }
        } }
        let newCell = Mat3(rows: cu, cv, cart(best))
        // Rotation: a -> x, normal -> z.
        let ex = cu.normalized, ez = normal, ey = ez.cross(ex)
        let rot = Mat3(rows: ex, ey, ez)
        let rotatedCell = Mat3(rows: rot * newCell.r0, rot * newCell.r1, rot * newCell.r2)
        // Atoms: all images of the basis inside the new cell.
        let inv = newCell.inverse
        let ratio = abs(newCell.determinant) / abs(A.determinant)
        let copies = Int(ratio.rounded())
        guard abs(ratio - Double(copies)) < 1e-6, copies >= 1 else {
            throw InputError("oriented cell is not a lattice supercell (volume ratio \(ratio))")
        }
        var elements: [Element] = [], positions: [Vec3] = [], seen = Set<SIMD4<Int>>()
        let span = 2 * r
        outer: for n0 in -span...span { for n1 in -span...span { for n2 in -span...span {
            for (i, p) in bulk.positions.enumerated() {
                var f = (p + Double(n0) * A.r0 + Double(n1) * A.r1 + Double(n2) * A.r2) * inv
                for a in 0..<3 { f[a] -= f[a].rounded(.down); if f[a] > 1 - 1e-9 { f[a] = 0 } }
                let key = SIMD4(i, Int((f.x * 1e6).rounded()), Int((f.y * 1e6).rounded()), Int((f.z * 1e6).rounded()))
                if seen.insert(key).inserted {
                    elements.append(bulk.elements[i]); positions.append(rot * (f * newCell))
                }
            }
            if elements.count >= bulk.count * copies { break outer }
        } } }
        guard elements.count == bulk.count * copies else {
            throw InputError("found \(elements.count) atoms in the oriented cell, expected \(bulk.count * copies)")
        }
        return try Structure(elements: elements, positions: positions, cell: rotatedCell, periodic: [true, true, true])
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(a, 1) : gcd(b, a % b) }
}
