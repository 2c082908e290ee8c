import SeamCore

/// An atomic configuration: elements, Cartesian positions (Å), a cell and periodicity per axis.
///
/// The cell's rows are the lattice vectors a, b, c (Å). Along a non-periodic axis the cell
/// vector is only used for output (extended XYZ writes it); it may be zero when no axis is
/// periodic. Values are validated on construction (see `init(elements:positions:cell:periodic:)`).
public struct Structure: Sendable, Equatable {
    public var elements: [Element]
    /// Positions in Å.
    public var positions: [Vec3]
    /// Lattice vectors as rows, Å.
    public var cell: Mat3
    /// Periodicity along a, b, c.
    public var periodic: [Bool]

    /// Creates a structure, checking that counts agree, positions are finite and periodic
    /// cell vectors are linearly independent.
    public init(elements: [Element], positions: [Vec3], cell: Mat3 = .zero, periodic: [Bool] = [false, false, false]) throws {
        guard elements.count == positions.count else {
            throw InputError("structure has \(elements.count) elements but \(positions.count) positions")
        }
        guard periodic.count == 3 else { throw InputError("periodicity needs 3 flags, got \(periodic.count)") }
        if let bad = positions.firstIndex(where: { !$0.isFinite }) {
            throw InputError("atom \(bad) (\(elements[bad])) has a non-finite position \(positions[bad])")
        }
        if periodic.contains(true) {
            for axis in 0..<3 where periodic[axis] && cell[axis].normSquared == 0 {
                throw InputError("cell vector \(axis) is zero but the structure is periodic along it")
            }
            if periodic.allSatisfy({ $0 }) && !(abs(cell.determinant) > 1e-12) {
                throw InputError("periodic cell is singular (volume \(cell.determinant) Å^3)")
            }
        }
        self.elements = elements; self.positions = positions; self.cell = cell; self.periodic = periodic
    }

    /// Number of atoms.
    @inlinable public var count: Int { positions.count }
    /// True when periodic along all three axes.
    public var isBulk: Bool { periodic.allSatisfy { $0 } }
    /// True when periodic along at least one axis.
    public var isPeriodic: Bool { periodic.contains(true) }
    /// Cell volume |a·(b×c)| in Å^3.
    public var volume: Double { abs(cell.determinant) }
    /// Distinct elements, sorted by atomic number.
    public var distinctElements: [Element] { Array(Set(elements)).sorted() }

    /// Perpendicular height of the cell along each axis (Å): the distance between the two
    /// faces spanned by the other two vectors.
    public var cellHeights: Vec3 {
        let a = cell.r0, b = cell.r1, c = cell.r2
        let v = abs(a.dot(b.cross(c)))
        func h(_ u: Vec3, _ w: Vec3) -> Double { let n = u.cross(w).norm; return n > 0 ? v / n : 0 }
        return Vec3(h(b, c), h(c, a), h(a, b))
    }

    /// A non-singular cell for fractional coordinates: the periodic vectors as given, and
    /// for non-periodic axes the given vector when it keeps the cell non-singular, otherwise a
    /// unit vector normal to the others.
    public var completedCell: Mat3 {
        var c = cell
        let scale = max(1, c.r0.norm, c.r1.norm, c.r2.norm)
        if abs(c.determinant) > 1e-9 * scale * scale * scale { return c }
        let axes = [Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]
        for a in 0..<3 where !periodic[a] { c[a] = .zero }
        for a in 0..<3 where !periodic[a] {
            let u = c[(a + 1) % 3], w = c[(a + 2) % 3]
            var n = u.cross(w)
            if n.normSquared < 1e-24 {
                // Pick the axis most orthogonal to the non-zero vectors already present.
                let present = [u, w].filter { $0.normSquared > 0 }
                n = axes.min { p, q in
                    present.map { abs($0.normalized.dot(p)) }.reduce(0, +) < present.map { abs($0.normalized.dot(q)) }.reduce(0, +)
                }!
                if let v = present.first { n = n - n.dot(v.normalized) * v.normalized }
            }
            c[a] = n.normalized
        }
        // Orientation: keep a right-handed cell.
        if c.determinant < 0 { for a in 0..<3 where !periodic[a] { c[a] = -c[a]; break } }
        return c
    }

    /// Fractional coordinates of a Cartesian point in `completedCell`.
    public func fractional(_ r: Vec3) -> Vec3 { r * completedCell.inverse }

    /// A copy with every atom wrapped into the cell along periodic axes (positions along
    /// non-periodic axes are unchanged).
    public func wrapped() -> Structure {
        guard isPeriodic else { return self }
        let c = completedCell, inv = c.inverse
        var out = self
        for i in positions.indices {
            var f = positions[i] * inv
            for a in 0..<3 where periodic[a] { f[a] -= f[a].rounded(.down) }
            out.positions[i] = f * c
        }
        return out
    }

    /// The structure repeated `na` x `nb` x `nc` times along its cell vectors.
    public func replicated(_ na: Int, _ nb: Int, _ nc: Int) -> Structure {
        precondition(na >= 1 && nb >= 1 && nc >= 1, "replication counts must be positive")
        var els: [Element] = [], pos: [Vec3] = []
        els.reserveCapacity(count * na * nb * nc); pos.reserveCapacity(count * na * nb * nc)
        for i in 0..<na { for j in 0..<nb { for k in 0..<nc {
            let t = Double(i) * cell.r0 + Double(j) * cell.r1 + Double(k) * cell.r2
            for n in 0..<count { els.append(elements[n]); pos.append(positions[n] + t) }
        } } }
        let c = Mat3(rows: Double(na) * cell.r0, Double(nb) * cell.r1, Double(nc) * cell.r2)
        // swiftlint:disable:next force_try
        return try! Structure(elements: els, positions: pos, cell: c, periodic: periodic)
    }

    /// The structure after the homogeneous deformation x -> F x of positions and cell.
    public func deformed(by f: Mat3) -> Structure {
        var out = self
        out.positions = positions.map { f * $0 }
        out.cell = Mat3(rows: f * cell.r0, f * cell.r1, f * cell.r2)
        return out
    }

    /// Throws when two atoms (periodic images included) are closer than `minimumDistance` Å,
    /// naming both atoms. Uses the O(N) neighbour list.
    public func checkOverlaps(minimumDistance: Double = 0.3) throws {
        guard count > 1 else { return }
        let list = NeighborList(structure: self, cutoff: minimumDistance)
        for i in 0..<count {
            for e in list.range(of: i) where list.distances[e] < minimumDistance {
                let j = Int(list.neighbors[e])
                throw InputError(
                    "atoms \(i) (\(elements[i])) and \(j) (\(elements[j])) overlap: distance \(list.distances[e]) Å < \(minimumDistance) Å")
            }
        }
    }
}
