/// A 3-vector of `Double` (positions in Å, forces in eV/Å, ...: units are the caller's).
///
/// Hand-written (rather than SIMD3<Double>) so that arithmetic order is explicit and
/// identical on every platform; all operations are `@inlinable` for the hot loops.
public struct Vec3: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }
    @inlinable public init(x: Double, y: Double, z: Double) { self.x = x; self.y = y; self.z = z }
    public static let zero = Vec3(0, 0, 0)

    @inlinable public subscript(i: Int) -> Double {
        get { i == 0 ? x : (i == 1 ? y : z) }
        set { if i == 0 { x = newValue } else if i == 1 { y = newValue } else { z = newValue } }
    }
    @inlinable public static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static prefix func - (a: Vec3) -> Vec3 { Vec3(-a.x, -a.y, -a.z) }
    @inlinable public static func * (s: Double, a: Vec3) -> Vec3 { Vec3(s * a.x, s * a.y, s * a.z) }
    @inlinable public static func * (a: Vec3, s: Double) -> Vec3 { Vec3(a.x * s, a.y * s, a.z * s) }
    @inlinable public static func / (a: Vec3, s: Double) -> Vec3 { Vec3(a.x / s, a.y / s, a.z / s) }
    @inlinable public static func += (a: inout Vec3, b: Vec3) { a.x += b.x; a.y += b.y; a.z += b.z }
    @inlinable public static func -= (a: inout Vec3, b: Vec3) { a.x -= b.x; a.y -= b.y; a.z -= b.z }
    @inlinable public static func *= (a: inout Vec3, s: Double) { a.x *= s; a.y *= s; a.z *= s }
    @inlinable public func dot(_ b: Vec3) -> Double { x * b.x + y * b.y + z * b.z }
    @inlinable public func cross(_ b: Vec3) -> Vec3 { Vec3(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x) }
    @inlinable public var normSquared: Double { x * x + y * y + z * z }
    @inlinable public var norm: Double { (x * x + y * y + z * z).squareRoot() }
    @inlinable public var normalized: Vec3 { self / norm }
    @inlinable public var maxAbs: Double { Swift.max(abs(x), Swift.max(abs(y), abs(z))) }
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
    /// Outer product a ⊗ b.
    @inlinable public func outer(_ b: Vec3) -> Mat3 {
        Mat3(rows: Vec3(x * b.x, x * b.y, x * b.z), Vec3(y * b.x, y * b.y, y * b.z), Vec3(z * b.x, z * b.y, z * b.z))
    }
    public var description: String { "(\(x), \(y), \(z))" }
}

/// A 3x3 matrix of `Double`, stored by rows. A periodic cell uses rows = lattice vectors (Å).
public struct Mat3: Hashable, Sendable, CustomStringConvertible {
    public var r0: Vec3
    public var r1: Vec3
    public var r2: Vec3

    @inlinable public init(rows r0: Vec3, _ r1: Vec3, _ r2: Vec3) { self.r0 = r0; self.r1 = r1; self.r2 = r2 }
    @inlinable public init(diagonal a: Double, _ b: Double, _ c: Double) {
        self.init(rows: Vec3(a, 0, 0), Vec3(0, b, 0), Vec3(0, 0, c))
    }
    /// Row-major 9 values.
    public init(_ v: [Double]) {
        precondition(v.count == 9, "Mat3 needs 9 values")
        self.init(rows: Vec3(v[0], v[1], v[2]), Vec3(v[3], v[4], v[5]), Vec3(v[6], v[7], v[8]))
    }
    public static let identity = Mat3(diagonal: 1, 1, 1)
    public static let zero = Mat3(diagonal: 0, 0, 0)

    @inlinable public subscript(i: Int) -> Vec3 {
        get { i == 0 ? r0 : (i == 1 ? r1 : r2) }
        set { if i == 0 { r0 = newValue } else if i == 1 { r1 = newValue } else { r2 = newValue } }
    }
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { self[i][j] }
        set { var r = self[i]; r[j] = newValue; self[i] = r }
    }
    @inlinable public var transposed: Mat3 {
        Mat3(rows: Vec3(r0.x, r1.x, r2.x), Vec3(r0.y, r1.y, r2.y), Vec3(r0.z, r1.z, r2.z))
    }
    @inlinable public var determinant: Double { r0.dot(r1.cross(r2)) }
    @inlinable public var trace: Double { r0.x + r1.y + r2.z }
    /// Matrix inverse; precondition: non-singular.
    @inlinable public var inverse: Mat3 {
        let det = determinant
        precondition(det != 0, "singular Mat3")
        // Columns of the inverse are the cross products of rows divided by det.
        let c0 = r1.cross(r2), c1 = r2.cross(r0), c2 = r0.cross(r1)
        return Mat3(rows: c0, c1, c2).transposed / det
    }
    @inlinable public static func + (a: Mat3, b: Mat3) -> Mat3 { Mat3(rows: a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2) }
    @inlinable public static func - (a: Mat3, b: Mat3) -> Mat3 { Mat3(rows: a.r0 - b.r0, a.r1 - b.r1, a.r2 - b.r2) }
    @inlinable public static func += (a: inout Mat3, b: Mat3) { a.r0 += b.r0; a.r1 += b.r1; a.r2 += b.r2 }
    @inlinable public static func -= (a: inout Mat3, b: Mat3) { a.r0 -= b.r0; a.r1 -= b.r1; a.r2 -= b.r2 }
    @inlinable public static prefix func - (a: Mat3) -> Mat3 { Mat3(rows: -a.r0, -a.r1, -a.r2) }
    @inlinable public static func * (s: Double, a: Mat3) -> Mat3 { Mat3(rows: s * a.r0, s * a.r1, s * a.r2) }
    @inlinable public static func / (a: Mat3, s: Double) -> Mat3 { Mat3(rows: a.r0 / s, a.r1 / s, a.r2 / s) }
    /// Matrix-vector product A v.
    @inlinable public static func * (a: Mat3, v: Vec3) -> Vec3 { Vec3(a.r0.dot(v), a.r1.dot(v), a.r2.dot(v)) }
    /// Row-vector product v^T A (maps fractional to Cartesian coordinates when A is a cell).
    @inlinable public static func * (v: Vec3, a: Mat3) -> Vec3 { v.x * a.r0 + v.y * a.r1 + v.z * a.r2 }
    @inlinable public static func * (a: Mat3, b: Mat3) -> Mat3 { Mat3(rows: a.r0 * b, a.r1 * b, a.r2 * b) }
    /// Symmetric part (A + A^T)/2.
    @inlinable public var symmetric: Mat3 { 0.5 * (self + transposed) }
    @inlinable public var maxAbs: Double { Swift.max(r0.maxAbs, Swift.max(r1.maxAbs, r2.maxAbs)) }
    /// Frobenius inner product A : B.
    @inlinable public func contract(_ b: Mat3) -> Double { r0.dot(b.r0) + r1.dot(b.r1) + r2.dot(b.r2) }
    public var description: String { "[\(r0), \(r1), \(r2)]" }
}
