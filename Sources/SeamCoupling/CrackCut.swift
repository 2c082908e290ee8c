import SeamCore
import SeamPotential
import SeamFEM

/// A straight pre-crack on a cleavage plane y = `height` of a `CouplingLayout`, running from
/// the domain's left side (x = 0) to x = `maskedUpTo` inside the atomistic region.
///
/// Atomistic part: the pairs of atoms across the plane with both atoms at x < `maskedUpTo`
/// do not interact (an `InteractionMask` of three groups: above-behind, below-behind, the rest;
/// `mask(for:)`). Continuum part: the mesh is slit along the mesh line y_s nearest to the plane
/// from x = 0 up to the atomistic region's left edge (nodes duplicated; the copies belong to
/// the elements below y_s). The slit lies on a mesh line because mesh nodes sit on atom columns;
/// it is therefore offset from the atomic cut by less than half a mesh spacing, a geometric
/// error confined to the continuum crack faces far behind the tip.
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
    /// The mesh line the continuum slit follows (Å): the one nearest to the crack plane.
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

    /// Duplicates the nodes on the slit line left of the atomistic region; the elements below
    /// the line get the copies. Node sets: the copies join the outer sets of their originals,
    /// and "crackLowerFace" / "crackUpperFace" list the copies / originals.
    func splitAlongCrack(_ mesh: inout Mesh) {
        guard let ys = slitHeight else { return }
        let h = hole, tol = 1e-9 * max(crystal.cell[0, 0], crystal.cell[1, 1])
        var used = [Bool](repeating: false, count: mesh.nodes.count)
        for n in mesh.cells[0].connectivity { used[Int(n)] = true }
        var copy: [Int32: Int32] = [:]
        for (n, p) in mesh.nodes.enumerated() where used[n] && abs(p.y - ys) < tol && p.x < h.x0 + tol {
            copy[Int32(n)] = Int32(mesh.nodes.count)
            mesh.nodes.append(p)
        }
        var block = mesh.cells[0]
        for c in 0..<block.count {
            let ids = Array(block.nodes(of: c))
            let centroidY = ids.reduce(0.0) { $0 + mesh.nodes[Int($1)].y } / Double(ids.count)
            guard centroidY < ys else { continue }
            for k in 0..<ids.count { if let m = copy[ids[k]] { block.connectivity[c * ids.count + k] = m } }
        }
        mesh.cells[0] = block
        for b in mesh.boundary.indices {
            var line = mesh.boundary[b]
            for c in 0..<line.count {
                let ids = Array(line.nodes(of: c))
                guard ids.contains(where: { mesh.nodes[Int($0)].y < ys - tol }) else { continue }
                for k in 0..<ids.count { if let m = copy[ids[k]] { line.connectivity[c * ids.count + k] = m } }
            }
            mesh.boundary[b] = line
        }
        for name in ["left", "right", "bottom", "top"] {
            guard let set = mesh.nodeSets[name] else { continue }
            mesh.nodeSets[name] = set + set.compactMap { copy[$0] }
        }
        let originals = copy.keys.sorted()
        mesh.nodeSets["crackUpperFace"] = originals
        mesh.nodeSets["crackLowerFace"] = originals.map { copy[$0]! }
    }
}
