import SeamCore
import SeamPotential
import SeamFEM

/// A straight pre-crack on a cleavage plane y = `height` of a `CouplingLayout`, running from
/// the domain's left side (x = 0) to x = `maskedUpTo` inside the atomistic region.
///
/// Atomistic part: the pairs of atoms across the plane with both atoms at x < `maskedUpTo`
/// do not interact (an `InteractionMask` of three groups: above-behind, below-behind, the rest;
/// `mask(for:)`). Continuum part: from x = 0 up to the atomistic region's left edge the row of
/// elements between the two mesh lines that bracket the plane is removed, so that the upper
/// and lower continuum faces lie on the two face layers of atoms, as the mesh ends on atoms
/// everywhere else (`CouplingLayout.splitAlongCrack`).
///
/// Why three groups and not two: two groups (above/below) would also cut the bonds ahead of the
/// tip; with the third group the bonds ahead, and those behind between the mask's end and the tip,
/// stay physical so that the crack can advance and heal there.
public struct CrackCut: Sendable, Equatable {
    /// y of the cleavage plane, Å (between two atom layers).
    public var height: Double
    /// Pairs across the plane are masked where both atoms lie at x < this, Å.
    public var maskedUpTo: Double

    public init(height: Double, maskedUpTo: Double) throws {
        guard height.isFinite, maskedUpTo.isFinite else { throw InputError("crack height and mask end must be finite (got \(height), \(maskedUpTo) Å)") }
        self.height = height; self.maskedUpTo = maskedUpTo
    }

    /// Whether a reference position lies above the cleavage plane.
    @inlinable public func isAbove(_ p: Vec3) -> Bool { p.y > height }

    /// The mask over `positions` (reference, Å): groups 1 (above, x < maskedUpTo), 2 (below,
    /// x < maskedUpTo) and 0 (the rest); groups 1 and 2 do not see each other.
    public func mask(for positions: [Vec3]) -> InteractionMask {
        let groups = positions.map { p in p.x < maskedUpTo ? (isAbove(p) ? 1 : 2) : 0 }
        return InteractionMask(groups: groups, separated: (groups.max() ?? 0) >= 2 ? [(1, 2)] : [])
    }
}

extension CouplingLayout {
    /// The mesh line nearest to the crack plane (Å): one of the two face lines of the gap.
    public var slitHeight: Double? {
        guard let crack else { return nil }
        let h = crystal.cell[1, 1] / Double(meshDivisions)
        return (crack.height / h).rounded() * h
    }

    /// Validates the crack against the layout (called by the initialiser).
    func validateCrack(_ crack: CrackCut) throws {
        let h = hole
        guard crack.height > h.y0, crack.height < h.y1 else {
            throw InputError("the crack plane y = \(crack.height) Å must cross the atomistic region (y in \(h.y0)...\(h.y1) Å)")
        }
        guard crack.maskedUpTo > h.x0, crack.maskedUpTo < h.x1 else {
            throw InputError("the pre-crack must end inside the atomistic region (x in \(h.x0)...\(h.x1) Å; got \(crack.maskedUpTo) Å)")
        }
        let layers = crystal.positions.map { $0.y }
        let b = crystal.cell[1, 1]
        for y in layers {
            let d = (crack.height - y) / b
            guard abs(d - d.rounded()) * b > 1e-3 else {
                throw InputError("the crack plane y = \(crack.height) Å passes through an atom layer",
                                 suggestion: "put the plane between two layers, e.g. half-way")
            }
        }
    }

    /// Removes the row of elements between the two mesh lines that bracket the crack plane,
    /// left of the atomistic region (the gap between the two face layers), so that each
    /// continuum face ends on its own face layer of atoms. Node sets "crackUpperFace" and
    /// "crackLowerFace" list the face nodes (x ≤ the region's left edge), in order of x.
    ///
    /// Why not a slit (duplicated nodes on one mesh line, as before): the mesh ends on atom
    /// positions everywhere else (outer sides, hole), while a slit on the upper face line left
    /// the lower body one extra row of elements thick (material the atomistic crack does not
    /// have between its face layers), a free node at the hole's corner, and lower-face nodes
    /// that took the field of the lower face at the upper face's height. Measured effect on
    /// the LJ crack: small (crack opening at 0.9 K_G changed by < 0.1%; the coupled-vs-full
    /// K_+ difference was the unconverged reference, see `seam-bench crack`); the gain is that
    /// both modes now hold the same band at the same field, node for atom.
    func splitAlongCrack(_ mesh: inout Mesh) {
        guard let ys = slitHeight, let crack else { return }
        let h = hole, tol = 1e-9 * max(crystal.cell[0, 0], crystal.cell[1, 1])
        let spacing = crystal.cell[1, 1] / Double(meshDivisions)
        let yUpper = (crack.height / spacing).rounded(.up) * spacing, yLower = (crack.height / spacing).rounded(.down) * spacing
        precondition(abs(ys - yUpper) < tol || abs(ys - yLower) < tol)
        var block = mesh.cells[0]
        var conn: [Int32] = [], tags: [Int32] = []
        for c in 0..<block.count {
            let ids = Array(block.nodes(of: c))
            let centroid = (1.0 / Double(ids.count)) * ids.reduce(Vec3.zero) { $0 + mesh.nodes[Int($1)] }
            if centroid.x < h.x0, centroid.y > yLower, centroid.y < yUpper { continue }
            conn += ids; tags.append(block.tags[c])
        }
        block = CellBlock(type: block.type, connectivity: conn, tags: tags)
        mesh.cells[0] = block
        var used = [Bool](repeating: false, count: mesh.nodes.count)
        for n in conn { used[Int(n)] = true }
        func face(_ y: Double) -> [Int32] {
            mesh.nodes.indices.filter { used[$0] && abs(mesh.nodes[$0].y - y) < tol && mesh.nodes[$0].x < h.x0 + tol }
                .sorted { mesh.nodes[$0].x < mesh.nodes[$1].x }.map { Int32($0) }
        }
        mesh.nodeSets["crackUpperFace"] = face(yUpper)
        mesh.nodeSets["crackLowerFace"] = face(yLower)
        // Boundary edges inside the removed gap (on the left side) go with it.
        for b in mesh.boundary.indices {
            let line = mesh.boundary[b]
            var bc: [Int32] = [], bt: [Int32] = []
            for c in 0..<line.count {
                let ids = Array(line.nodes(of: c))
                let my = ids.reduce(0.0) { $0 + mesh.nodes[Int($1)].y } / Double(ids.count)
                let mx = ids.reduce(0.0) { $0 + mesh.nodes[Int($1)].x } / Double(ids.count)
                if mx < h.x0, my > yLower, my < yUpper { continue }
                bc += ids; bt.append(line.tags[c])
            }
            mesh.boundary[b] = CellBlock(type: line.type, connectivity: bc, tags: bt)
        }
    }
}
