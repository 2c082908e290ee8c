import SeamCore
import SeamPotential

/// A crystal lattice for the Cauchy-Born rule: a periodic cell (rows = lattice vectors, Å), a
/// basis of atoms (Cartesian positions in Å) and their elements.
///
/// The named constructors build the smallest (primitive) cell, which keeps Cauchy-Born
/// evaluations cheap: the neighbour list handles cells shorter than the cutoff by including
/// periodic images. `oriented(x:y:z:)` and `rotated(by:)` turn the crystal into the problem's
/// frame. Value type; every constructor validates its input and throws `InputError`.
public struct Lattice: Sendable, Equatable {
    /// The kind of lattice (used only for Miller-index orientation and descriptions).
    public enum Kind: String, Sendable, Equatable {
        case fcc, bcc, diamond, hcp, rocksalt, cesiumChloride, general
    }
    public let kind: Kind
    /// Lattice vectors as rows, Å (rotated with the crystal).
    public let cell: Mat3
    /// Basis positions, Å, Cartesian (rotated with the crystal).
    public let basis: [Vec3]
    /// Element of each basis atom.
    public let elements: [Element]
    /// Rotation applied to the crystal's standard setting (rows: the lab axes x, y, z expressed
    /// in the standard crystal frame).
    public let orientation: Mat3

    /// A general lattice: `cell` rows are the lattice vectors (Å), `basis` Cartesian positions (Å).
    public init(cell: Mat3, basis: [Vec3], elements: [Element]) throws {
        try self.init(kind: .general, cell: cell, basis: basis, elements: elements, orientation: .identity)
    }

    init(kind: Kind, cell: Mat3, basis: [Vec3], elements: [Element], orientation: Mat3) throws {
        guard !basis.isEmpty else { throw InputError("a lattice needs at least one basis atom") }
        guard basis.count == elements.count else {
            throw InputError("lattice has \(basis.count) basis positions but \(elements.count) elements")
        }
        guard cell.maxAbs.isFinite, basis.allSatisfy(\.isFinite) else { throw InputError("lattice cell and basis must be finite") }
        let scale = max(cell.r0.norm, cell.r1.norm, cell.r2.norm)
        guard cell.determinant > 1e-9 * scale * scale * scale else {
            throw InputError("lattice cell must be right-handed and non-singular (det = \(cell.determinant) Å^3)")
        }
        self.kind = kind; self.cell = cell; self.basis = basis; self.elements = elements; self.orientation = orientation
    }

    /// Face-centred cubic, primitive cell (1 atom). `a`: cubic lattice constant, Å.
    public static func fcc(latticeConstant a: Double, element: Element) throws -> Lattice {
        try checkPositive(a, "fcc lattice constant")
        let h = a / 2
        return try Lattice(kind: .fcc, cell: Mat3(rows: Vec3(0, h, h), Vec3(h, 0, h), Vec3(h, h, 0)),
                           basis: [.zero], elements: [element], orientation: .identity)
    }

    /// Body-centred cubic, primitive cell (1 atom). `a`: cubic lattice constant, Å.
    public static func bcc(latticeConstant a: Double, element: Element) throws -> Lattice {
        try checkPositive(a, "bcc lattice constant")
        let h = a / 2
        return try Lattice(kind: .bcc, cell: Mat3(rows: Vec3(-h, h, h), Vec3(h, -h, h), Vec3(h, h, -h)),
                           basis: [.zero], elements: [element], orientation: .identity)
    }

    /// Diamond (or zincblende with two elements), primitive fcc cell with 2 atoms at 0 and a/4(1,1,1).
    public static func diamond(latticeConstant a: Double, elements: [Element]) throws -> Lattice {
        try checkPositive(a, "diamond lattice constant")
        guard elements.count == 1 || elements.count == 2 else {
            throw InputError("diamond takes one element (diamond) or two (zincblende), got \(elements.count)")
        }
        let h = a / 2, q = a / 4
        return try Lattice(kind: .diamond, cell: Mat3(rows: Vec3(0, h, h), Vec3(h, 0, h), Vec3(h, h, 0)),
                           basis: [.zero, Vec3(q, q, q)], elements: [elements[0], elements.last!], orientation: .identity)
    }

    /// Rocksalt (B1): fcc with a two-atom basis at 0 and a/2(1,0,0). `a`: cubic constant, Å.
    public static func rocksalt(latticeConstant a: Double, elements: (Element, Element)) throws -> Lattice {
        try checkPositive(a, "rocksalt lattice constant")
        let h = a / 2
        return try Lattice(kind: .rocksalt, cell: Mat3(rows: Vec3(0, h, h), Vec3(h, 0, h), Vec3(h, h, 0)),
                           basis: [.zero, Vec3(h, 0, 0)], elements: [elements.0, elements.1], orientation: .identity)
    }

    /// Cesium chloride (B2): simple cubic with atoms at 0 and a/2(1,1,1). `a`: cubic constant, Å.
    public static func cesiumChloride(latticeConstant a: Double, elements: (Element, Element)) throws -> Lattice {
        try checkPositive(a, "B2 lattice constant")
        let h = a / 2
        return try Lattice(kind: .cesiumChloride, cell: Mat3(diagonal: a, a, a),
                           basis: [.zero, Vec3(h, h, h)], elements: [elements.0, elements.1], orientation: .identity)
    }

    /// Hexagonal close-packed, primitive cell (2 atoms): a1 = a(1,0,0), a2 = a(-1/2,√3/2,0),
    /// a3 = c(0,0,1), atoms at fractional 0 and (1/3, 2/3, 1/2). `c` defaults to the ideal
    /// √(8/3) a. Lengths in Å.
    public static func hcp(latticeConstant a: Double, c: Double? = nil, element: Element) throws -> Lattice {
        try checkPositive(a, "hcp lattice constant a")
        let cc = c ?? (8.0 / 3.0).squareRoot() * a
        try checkPositive(cc, "hcp lattice constant c")
        let a1 = Vec3(a, 0, 0), a2 = Vec3(-a / 2, a * 3.0.squareRoot() / 2, 0), a3 = Vec3(0, 0, cc)
        let b = (1.0 / 3.0) * a1 + (2.0 / 3.0) * a2 + 0.5 * a3
        return try Lattice(kind: .hcp, cell: Mat3(rows: a1, a2, a3), basis: [.zero, b],
                           elements: [element, element], orientation: .identity)
    }

    /// The crystal rotated rigidly by the proper rotation `q` (x -> q x for cell and basis).
    public func rotated(by q: Mat3) throws -> Lattice {
        guard (q * q.transposed - .identity).maxAbs < 1e-10, abs(q.determinant - 1) < 1e-10 else {
            throw InputError("orientation is not a proper rotation (QQᵀ - I = \((q * q.transposed - .identity).maxAbs), det Q = \(q.determinant))")
        }
        return try Lattice(kind: kind, cell: Mat3(rows: q * cell.r0, q * cell.r1, q * cell.r2),
                           basis: basis.map { q * $0 }, elements: elements, orientation: q * orientation)
    }

    /// The crystal oriented so that the given crystal directions lie along the lab x, y, z
    /// axes. Directions are Miller indices [uvw] in the conventional cubic frame for cubic
    /// lattices and Cartesian components in the standard setting for hcp and general lattices
    /// (e.g. x = [1,-1,0], y = [1,1,-2], z = [1,1,1] for a (111) surface normal along z).
    /// Throws unless the three are mutually orthogonal and right-handed.
    public func oriented(x: [Int], y: [Int], z: [Int]) throws -> Lattice {
        let dirs = try [x, y, z].map { d -> Vec3 in
            guard d.count == 3, d.contains(where: { $0 != 0 }) else {
                throw InputError("orientation direction \(d) must have three integers, not all zero")
            }
            return Vec3(Double(d[0]), Double(d[1]), Double(d[2]))
        }
        for (i, j) in [(0, 1), (1, 2), (0, 2)] where abs(dirs[i].normalized.dot(dirs[j].normalized)) > 1e-12 {
            throw InputError("orientation directions \([x, y, z][i]) and \([x, y, z][j]) are not orthogonal")
        }
        guard dirs[0].cross(dirs[1]).dot(dirs[2]) > 0 else {
            throw InputError("orientation x = \(x), y = \(y), z = \(z) is left-handed", suggestion: "negate z")
        }
        // Rows of Q are the unit directions: Q maps direction d_x to (1,0,0) etc.
        let q = Mat3(rows: dirs[0].normalized, dirs[1].normalized, dirs[2].normalized)
        return try rotated(by: q)
    }

    /// Number of basis atoms.
    public var atomCount: Int { basis.count }
    /// Reference cell volume V0, Å^3.
    public var volume: Double { cell.determinant }
    /// Mass density, amu/Å^3.
    public var massDensity: Double { elements.reduce(0) { $0 + $1.mass } / volume }

    /// The periodic structure after the homogeneous deformation F of cell and basis, with the
    /// basis atoms shifted by `shifts` (Å, in the reference frame, empty for none): atom k at
    /// F (X_k + s_k). Shifts in the reference frame are deformed with the crystal, which is
    /// what makes the virial give ∂E/∂F at fixed s.
    public func structure(deformedBy f: Mat3, shifts: [Vec3] = []) throws -> Structure {
        var reference = basis
        for (k, s) in shifts.enumerated() { reference[k] += s }
        let positions = reference.map { f * $0 }
        return try Structure(elements: elements, positions: positions,
                             cell: Mat3(rows: f * cell.r0, f * cell.r1, f * cell.r2), periodic: [true, true, true])
    }

    private static func checkPositive(_ v: Double, _ what: String) throws {
        guard v > 0, v.isFinite else { throw InputError("\(what) must be positive and finite (got \(v) Å)") }
    }
}
