import SeamCore

/// A full (both directions) neighbour list built with a cell list in O(N).
///
/// Correct for periodic cells shorter than the cutoff: an atom then has several entries for
/// the same neighbour (one per periodic image within range) and entries for its own images.
/// Entry `e` of atom `i` refers to atom `neighbors[e]` translated by the lattice vector
/// `shifts[e]`; `vectors[e]` = r_j + shift - r_i points from i to that image (Å) and
/// `distances[e]` is its length. Entries are kept up to `cutoff + skin`, so consumers test
/// their own cutoffs. With a skin the list can be reused while no atom moved more than skin/2
/// (`isValid(for:)`, then `refresh(positions:)`).
///
/// Hand-written: the hot loop of every potential; it was measured in `seam-bench`.
public struct NeighborList: Sendable {
    /// Interaction cutoff (Å) the list was requested for.
    public let cutoff: Double
    /// Extra radius (Å) kept for reuse.
    public let skin: Double
    /// Mask applied while building (masked pairs are absent).
    public let mask: InteractionMask?
    /// Entry range of atom i is `offsets[i]..<offsets[i+1]`.
    public private(set) var offsets: [Int]
    public private(set) var neighbors: [Int32]
    public private(set) var shifts: [Vec3]
    public private(set) var vectors: [Vec3]
    public private(set) var distances: [Double]
    private var referencePositions: [Vec3]
    private var referenceCell: Mat3

    /// Builds the list for `structure` with interaction cutoff `cutoff` (Å) and `skin` (Å).
    public init(structure s: Structure, cutoff: Double, skin: Double = 0, mask: InteractionMask? = nil) {
        precondition(cutoff > 0 && skin >= 0, "cutoff must be positive and skin non-negative")
        if let mask { precondition(mask.groups.count == s.count, "mask has \(mask.groups.count) atoms, structure \(s.count)") }
        self.cutoff = cutoff; self.skin = skin; self.mask = mask
        referencePositions = s.positions; referenceCell = s.cell
        let r = cutoff + skin, r2 = r * r
        let n = s.count
        let c = s.completedCell, inv = c.inverse
        let heights = s.cellHeights

        // 1. Wrap periodic fractional coordinates; w = integer part removed.
        var frac = [Vec3](repeating: .zero, count: n)
        var wrap = [SIMD3<Int32>](repeating: .zero, count: n)
        for i in 0..<n {
            var f = s.positions[i] * inv
            for a in 0..<3 where s.periodic[a] {
                var w = f[a].rounded(.down)
                f[a] -= w
                // -tiny - (-1) rounds to exactly 1: that atom sits at 0 in the next cell up.
                if f[a] >= 1 { f[a] -= 1; w += 1 }
                wrap[i][a] = Int32(w)
            }
            frac[i] = f
        }
        // 2. Points: primary atoms and the periodic images within r of the cell.
        var imageRange = [0, 0, 0]
        var margin = [0.0, 0.0, 0.0]
        for a in 0..<3 where s.periodic[a] {
            margin[a] = r / heights[a]
            imageRange[a] = Int((margin[a]).rounded(.up))
        }
        var primaryStart = 0
        var pointPos: [Vec3] = [], pointAtom: [Int32] = [], pointImage: [SIMD3<Int32>] = []
        pointPos.reserveCapacity(2 * n); pointAtom.reserveCapacity(2 * n); pointImage.reserveCapacity(2 * n)
        for n0 in -imageRange[0]...imageRange[0] {
            for n1 in -imageRange[1]...imageRange[1] {
                for n2 in -imageRange[2]...imageRange[2] {
                    let img = SIMD3<Int32>(Int32(n0), Int32(n1), Int32(n2))
                    let isPrimary = n0 == 0 && n1 == 0 && n2 == 0
                    let t = Vec3(Double(n0), Double(n1), Double(n2))
                    if isPrimary { primaryStart = pointPos.count }
                    for i in 0..<n {
                        let g = frac[i] + t
                        if !isPrimary {
                            var inside = true
                            for a in 0..<3 where s.periodic[a] && (g[a] < -margin[a] || g[a] >= 1 + margin[a]) { inside = false; break }
                            if !inside { continue }
                        }
                        pointPos.append(g * c); pointAtom.append(Int32(i)); pointImage.append(img &- wrap[i])
                    }
                }
            }
        }
        // 3. Bin the points (counting sort) on a Cartesian grid of spacing >= r.
        var lo = Vec3(.infinity, .infinity, .infinity), hi = -lo
        for p in pointPos { for a in 0..<3 { lo[a] = min(lo[a], p[a]); hi[a] = max(hi[a], p[a]) } }
        var nbin = [1, 1, 1]
        var binSize = Vec3(r, r, r)
        if !pointPos.isEmpty {
            for a in 0..<3 { nbin[a] = max(1, Int(((hi[a] - lo[a]) / r).rounded(.down))) }
            // Cap the grid (sparse systems) at a few bins per point.
            while nbin[0] * nbin[1] * nbin[2] > 4 * pointPos.count + 64 {
                for a in 0..<3 { nbin[a] = max(1, nbin[a] / 2) }
            }
            for a in 0..<3 { binSize[a] = max(r, (hi[a] - lo[a]) / Double(nbin[a])) }
        }
        @inline(__always) func binCoord(_ p: Vec3, _ a: Int) -> Int {
            min(nbin[a] - 1, max(0, Int(((p[a] - lo[a]) / binSize[a]).rounded(.down))))
        }
        let totalBins = nbin[0] * nbin[1] * nbin[2]
        var binStart = [Int](repeating: 0, count: totalBins + 1)
        var pointBin = [Int](repeating: 0, count: pointPos.count)
        for k in pointPos.indices {
            let b = (binCoord(pointPos[k], 0) * nbin[1] + binCoord(pointPos[k], 1)) * nbin[2] + binCoord(pointPos[k], 2)
            pointBin[k] = b; binStart[b + 1] += 1
        }
        for b in 0..<totalBins { binStart[b + 1] += binStart[b] }
        var fill = binStart
        var sorted = [Int](repeating: 0, count: pointPos.count)
        for k in pointPos.indices { sorted[fill[pointBin[k]]] = k; fill[pointBin[k]] += 1 }

        // 4. For each primary atom, scan the 27 surrounding bins.
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbors: [Int32] = [], shifts: [Vec3] = [], vectors: [Vec3] = [], distances: [Double] = []
        let expected = n * 64
        neighbors.reserveCapacity(expected); shifts.reserveCapacity(expected)
        vectors.reserveCapacity(expected); distances.reserveCapacity(expected)
        let a0 = s.cell.r0, a1 = s.cell.r1, a2 = s.cell.r2
        for i in 0..<n {
            let pi = pointPos[primaryStart + i]  // the primary block holds every atom, in order
            let bx = binCoord(pi, 0), by = binCoord(pi, 1), bz = binCoord(pi, 2)
            let ri = s.positions[i]
            for x in max(0, bx - 1)...min(nbin[0] - 1, bx + 1) {
                for y in max(0, by - 1)...min(nbin[1] - 1, by + 1) {
                    for z in max(0, bz - 1)...min(nbin[2] - 1, bz + 1) {
                        let b = (x * nbin[1] + y) * nbin[2] + z
                        for q in binStart[b]..<binStart[b + 1] {
                            let k = sorted[q]
                            let j = Int(pointAtom[k])
                            let m = pointImage[k] &+ wrap[i]
                            if j == i && m == .zero { continue }
                            if let mask, !mask.interacts(i, j) { continue }
                            let d = pointPos[k] - pi
                            if d.normSquared > r2 * (1 + 1e-12) + 1e-12 { continue }
                            let shift = Double(m.x) * a0 + Double(m.y) * a1 + Double(m.z) * a2
                            let v = s.positions[j] + shift - ri
                            let dist = v.norm
                            if dist > r { continue }
                            neighbors.append(Int32(j)); shifts.append(shift); vectors.append(v); distances.append(dist)
                        }
                    }
                }
            }
            offsets[i + 1] = neighbors.count
        }
        self.offsets = offsets; self.neighbors = neighbors; self.shifts = shifts
        self.vectors = vectors; self.distances = distances
    }

    /// Number of atoms.
    public var atomCount: Int { offsets.count - 1 }
    /// Total number of entries.
    public var entryCount: Int { neighbors.count }
    /// Entry indices of atom i.
    @inlinable public func range(of i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    /// Whether the list can be reused for `s`: same atoms and cell, no atom moved more than skin/2.
    public func isValid(for s: Structure) -> Bool {
        guard s.count == referencePositions.count, s.cell == referenceCell else { return false }
        let limit = 0.25 * skin * skin
        for i in 0..<s.count where (s.positions[i] - referencePositions[i]).normSquared > limit { return false }
        return true
    }

    /// The same entries for a homogeneously deformed and/or slightly moved copy of the
    /// structure the list was built for (same atoms in the same order, bulk cell): periodic
    /// shifts are carried to the new cell (shift = m·cell -> m·cell'), vectors and distances
    /// recomputed. Valid while no pair distance changed by more than the skin, which the
    /// caller guarantees (Cauchy-Born finite differences deform by ~1e-5: with any skin of
    /// 1e-3 Å or more the rebuilt list would have the same pairs within the cutoff).
    /// Additive helper: skips the cell-list build, which dominates small-cell evaluations.
    public func deformed(to s: Structure) -> NeighborList {
        precondition(s.count == atomCount, "atom count changed")
        var out = self
        if s.cell != referenceCell && shifts.contains(where: { $0 != .zero }) {
            precondition(abs(referenceCell.determinant) > 0, "deformed(to:) a new cell needs a non-singular cell")
            let map = referenceCell.inverse * s.cell  // row vector m·cell -> (m·cell)·cell⁻¹·cell'
            for e in shifts.indices where shifts[e] != .zero { out.shifts[e] = shifts[e] * map }
        }
        out.referenceCell = s.cell
        out.referencePositions = s.positions
        out.refresh(positions: s.positions)
        return out
    }

    /// Recomputes vectors and distances for new positions (call only when `isValid`).
    public mutating func refresh(positions: [Vec3]) {
        precondition(positions.count == atomCount, "position count changed")
        for i in 0..<atomCount {
            let ri = positions[i]
            for e in offsets[i]..<offsets[i + 1] {
                let v = positions[Int(neighbors[e])] + shifts[e] - ri
                vectors[e] = v; distances[e] = v.norm
            }
        }
    }
}
