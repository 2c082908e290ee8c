import SeamCore
import SeamPotential
import SeamFEM

/// The geometry of a coupled plane-strain problem: a rectangular domain tiled by an orthogonal
/// crystal cell, a rectangular atomistic region (a hole in the mesh) and the pad band around it.
///
/// The crystal cell's rows must be a ∥ x, b ∥ y and c ∥ z; c is the out-of-plane period (the
/// slab is periodic along z with that period) and the plane-strain thickness. The mesh is a
/// structured grid of `meshDivisions` x `meshDivisions` squares per crystal cell, each split
/// into two `triangle3` (which interpolate linear fields exactly, the basis of the patch test);
/// its nodes must coincide with atom columns on the interface (for fcc and diamond with [001]
/// along z, `meshDivisions` = 2 puts them on columns of a/2 spacing). All lengths in Å.
public struct CouplingLayout: Sendable {
    /// Orthogonal periodic crystal cell (rows a ∥ x, b ∥ y, c ∥ z), Å.
    public var crystal: Structure
    /// Domain size in crystal cells along x and y.
    public var cellsX: Int, cellsY: Int
    /// Atomistic region (the hole) in crystal cells along x and y.
    public var atomisticX: Range<Int>, atomisticY: Range<Int>
    /// Mesh squares per crystal cell edge.
    public var meshDivisions: Int
    /// Depth of the pad band around the atomistic region, Å: at least r_c for pair potentials
    /// and 2 r_c for many-body potentials (HDNNP) for the patch test to hold.
    public var padDepth: Double
    /// Reference positions (Å) of lattice sites left empty (vacancies), strictly inside the
    /// atomistic region.
    public var removedSites: [Vec3]
    /// Mesh coarsening away from the atomistic region: 1 = uniform grid; r > 1 keeps the
    /// lattice-aligned spacing a/`meshDivisions` within `padDepth` + one cell of the region and
    /// lets the spacing grow by the factor r per element beyond (a tensor-product grid).
    public var coarseningRatio: Double
    /// Optional pre-crack (masked pairs in the atoms, a gap in the mesh between the face layers); see `CrackCut`.
    public var crack: CrackCut?

    /// Validates the cell and the region; throws `InputError` naming the problem.
    public init(crystal: Structure, cellsX: Int, cellsY: Int, atomisticX: Range<Int>, atomisticY: Range<Int>,
                meshDivisions: Int = 2, padDepth: Double, removedSites: [Vec3] = [], coarseningRatio: Double = 1,
                crack: CrackCut? = nil) throws {
        guard crystal.isBulk else { throw InputError("the coupling crystal must be a fully periodic cell") }
        let c = crystal.cell
        let offDiagonal = max(abs(c[0, 1]), abs(c[0, 2]), abs(c[1, 0]), abs(c[1, 2]), abs(c[2, 0]), abs(c[2, 1]))
        guard offDiagonal < 1e-9 * max(c[0, 0], c[1, 1], c[2, 2]), c[0, 0] > 0, c[1, 1] > 0, c[2, 2] > 0 else {
            throw InputError("the coupling crystal cell must be orthogonal with a ∥ x, b ∥ y, c ∥ z (got \(c))",
                             suggestion: "orient the crystal so that the out-of-plane direction is z")
        }
        guard cellsX >= 1, cellsY >= 1, meshDivisions >= 1 else {
            throw InputError("domain needs at least one cell per direction and one mesh division (got \(cellsX) x \(cellsY), \(meshDivisions))")
        }
        guard !atomisticX.isEmpty, !atomisticY.isEmpty, atomisticX.lowerBound > 0, atomisticY.lowerBound > 0,
              atomisticX.upperBound < cellsX, atomisticY.upperBound <= cellsY else {
            throw InputError("the atomistic region \(atomisticX) x \(atomisticY) must be non-empty and inside the domain 0..<\(cellsX) x 0..<\(cellsY), away from the left, right and bottom sides (it may reach the top)")
        }
        guard padDepth > 0, padDepth.isFinite else { throw InputError("pad depth must be positive (got \(padDepth) Å)") }
        let openTop = atomisticY.upperBound == cellsY
        if openTop, crack != nil { throw InputError("a pre-crack needs the atomistic region strictly inside the domain (the region reaches the top)") }
        let margin = min(Double(atomisticX.lowerBound) * c[0, 0], Double(cellsX - atomisticX.upperBound) * c[0, 0],
                         Double(atomisticY.lowerBound) * c[1, 1], openTop ? .infinity : Double(cellsY - atomisticY.upperBound) * c[1, 1])
        guard margin > padDepth else {
            throw InputError("the mesh extends only \(margin) Å beyond the atomistic region, less than the pad depth \(padDepth) Å",
                             suggestion: "enlarge the domain so that the pads lie inside the mesh")
        }
        self.crystal = crystal; self.cellsX = cellsX; self.cellsY = cellsY
        self.atomisticX = atomisticX; self.atomisticY = atomisticY
        guard coarseningRatio >= 1, coarseningRatio.isFinite else { throw InputError("coarsening ratio must be at least 1 (got \(coarseningRatio))") }
        self.meshDivisions = meshDivisions; self.padDepth = padDepth; self.removedSites = removedSites
        self.coarseningRatio = coarseningRatio
        self.crack = crack
        if let crack { try validateCrack(crack) }
        let sites = domainSites().positions
        let h = hole
        for r in removedSites {
            guard sites.contains(where: { ($0 - r).norm < 1e-3 }) else {
                throw InputError("removed site \(r) Å is not a lattice site of the crystal")
            }
            guard r.x > h.x0 + 1e-6, r.x < h.x1 - 1e-6, r.y > h.y0 + 1e-6, r.y < h.y1 - 1e-6 else {
                throw InputError("removed site \(r) Å is not strictly inside the atomistic region \(h)",
                                 suggestion: "defects belong inside the atomistic region, away from the interface columns")
            }
        }
    }

    func isRemoved(_ p: Vec3) -> Bool { removedSites.contains { ($0 - p).norm < 1e-3 } }

    /// True when the atomistic region reaches the top of the domain (`atomisticY.upperBound ==
    /// cellsY`): the top is then a free surface, the lattice plane y = cellsY b (its atoms are
    /// included, so the mesh's top nodes sit on the top atom layer), pads lie on the three
    /// buried sides only, and the full-atomistic twin holds no band along the top.
    public var hasOpenTop: Bool { atomisticY.upperBound == cellsY }

    /// Lattice sites of the domain (Å): the crystal replicated cellsX x cellsY, plus, with an
    /// open top, the sites of the plane y = cellsY b (the top surface layer).
    func domainSites() -> Structure {
        guard hasOpenTop else { return crystal.replicated(cellsX, cellsY, 1) }
        var big = crystal.replicated(cellsX, cellsY + 1, 1)
        let top = Double(cellsY) * crystal.cell[1, 1], tol = 1e-6
        let keep = big.positions.indices.filter { big.positions[$0].y <= top + tol }
        big.positions = keep.map { big.positions[$0] }
        big.elements = keep.map { big.elements[$0] }
        return big
    }

    /// Out-of-plane period c, Å (the plane-strain thickness).
    public var thickness: Double { crystal.cell[2, 2] }
    /// The atomistic region [x0, x1] x [y0, y1], Å.
    public var hole: (x0: Double, x1: Double, y0: Double, y1: Double) {
        let a = crystal.cell[0, 0], b = crystal.cell[1, 1]
        return (Double(atomisticX.lowerBound) * a, Double(atomisticX.upperBound) * a,
                Double(atomisticY.lowerBound) * b, Double(atomisticY.upperBound) * b)
    }

    /// Distance (Å) in the xy plane from X to the closed atomistic region (0 inside).
    public func distanceToRegion(_ p: Vec3) -> Double {
        let h = hole
        let dx = max(h.x0 - p.x, 0, p.x - h.x1), dy = max(h.y0 - p.y, 0, p.y - h.y1)
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The structured triangle mesh of the whole domain without the cells inside the atomistic
    /// region; node set "interface" holds the nodes on the region's boundary, and "left",
    /// "right", "bottom", "top" the outer sides.
    public func mesh() throws -> Mesh {
        let a = crystal.cell[0, 0], b = crystal.cell[1, 1], m = meshDivisions
        var full: Mesh
        if coarseningRatio == 1 {
            full = try StructuredMesh.rectangle(cellsX: cellsX * m, cellsY: cellsY * m, width: Double(cellsX) * a,
                                               height: Double(cellsY) * b, cellType: .triangle3)
        } else {
            let h = hole
            full = Self.tensorMesh(xs: gradedCoordinates(cell: a, length: Double(cellsX) * a, lower: h.x0, upper: h.x1),
                                   ys: gradedCoordinates(cell: b, length: Double(cellsY) * b, lower: h.y0, upper: h.y1))
        }
        let h = hole, tol = 1e-9 * max(a, b)
        let block = full.cells[0]
        var conn: [Int32] = [], tags: [Int32] = []
        for c in 0..<block.count {
            let nodes = block.nodes(of: c).map { full.nodes[Int($0)] }
            let centroid = (1.0 / 3.0) * (nodes[0] + nodes[1] + nodes[2])
            let inside = centroid.x > h.x0 && centroid.x < h.x1 && centroid.y > h.y0 && centroid.y < h.y1
            if !inside { conn += block.nodes(of: c); tags.append(block.tags[c]) }
        }
        full.cells = [CellBlock(type: .triangle3, connectivity: conn, tags: tags)]
        var used = [Bool](repeating: false, count: full.nodes.count)
        for n in conn { used[Int(n)] = true }
        var interface: [Int32] = []
        for (n, p) in full.nodes.enumerated() where used[n] {
            if p.x > h.x0 - tol && p.x < h.x1 + tol && p.y > h.y0 - tol && p.y < h.y1 + tol { interface.append(Int32(n)) }
        }
        full.nodeSets["interface"] = interface
        splitAlongCrack(&full)
        return full
    }

    /// Node coordinates along one axis: spacing cell/m on lattice positions within padDepth +
    /// one cell of [lower, upper], growing by `coarseningRatio` outside up to [0, length].
    func gradedCoordinates(cell: Double, length: Double, lower: Double, upper: Double) -> [Double] {
        let h = cell / Double(meshDivisions)
        let margin = (((padDepth + cell) / h).rounded(.up)) * h
        let fineLo = max(0, lower - margin), fineHi = min(length, upper + margin)
        var fine: [Double] = []
        var k = (fineLo / h).rounded(.down)
        while k * h <= fineHi + 1e-9 * h { fine.append(k * h); k += 1 }
        func grow(from start: Double, toward end: Double) -> [Double] {
            var out: [Double] = [], x = start, step = h, dir = end > start ? 1.0 : -1.0
            while true {
                step *= coarseningRatio
                let next = x + dir * step
                if dir * (end - next) < 0.5 * step { out.append(end); break }
                out.append(next); x = next
            }
            return out
        }
        let left = fine.first! > 1e-9 * h ? Array(grow(from: fine.first!, toward: 0).reversed()) : []
        let right = fine.last! < length - 1e-9 * h ? grow(from: fine.last!, toward: length) : []
        return left + fine + right
    }

    /// A tensor-product triangle mesh on the grid xs x ys with the node sets and boundary
    /// edges of `StructuredMesh.rectangle` (left=1, right=2, bottom=3, top=4).
    static func tensorMesh(xs: [Double], ys: [Double]) -> Mesh {
        let gx = xs.count, gy = ys.count
        func id(_ i: Int, _ j: Int) -> Int32 { Int32(i + gx * j) }
        var nodes: [Vec3] = []
        for j in 0..<gy { for i in 0..<gx { nodes.append(Vec3(xs[i], ys[j], 0)) } }
        var conn: [Int32] = []
        for j in 0..<(gy - 1) { for i in 0..<(gx - 1) {
            conn += [id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j), id(i + 1, j + 1), id(i, j + 1)]
        } }
        var bconn: [Int32] = [], btags: [Int32] = []
        for j in 0..<(gy - 1) { bconn += [id(0, j), id(0, j + 1)]; btags.append(1); bconn += [id(gx - 1, j), id(gx - 1, j + 1)]; btags.append(2) }
        for i in 0..<(gx - 1) { bconn += [id(i, 0), id(i + 1, 0)]; btags.append(3); bconn += [id(i, gy - 1), id(i + 1, gy - 1)]; btags.append(4) }
        var sets: [String: [Int32]] = ["left": [], "right": [], "bottom": [], "top": []]
        for j in 0..<gy { for i in 0..<gx {
            if i == 0 { sets["left"]!.append(id(i, j)) }
            if i == gx - 1 { sets["right"]!.append(id(i, j)) }
            if j == 0 { sets["bottom"]!.append(id(i, j)) }
            if j == gy - 1 { sets["top"]!.append(id(i, j)) }
        } }
        return Mesh(dimension: 2, nodes: nodes, cells: [CellBlock(type: .triangle3, connectivity: conn)],
                    boundary: [CellBlock(type: .line2, connectivity: bconn, tags: btags)],
                    groupNames: [1: "left", 2: "right", 3: "bottom", 4: "top"], nodeSets: sets)
    }

    /// All atoms of the domain within `padDepth` of the atomistic region, with their role:
    /// real inside the closed region (tolerance 1e-6 Å), pad outside. Periodic along z only.
    /// With an open top (`hasOpenTop`) the top surface layer y = cellsY b is included.
    public func atoms() throws -> (structure: Structure, roles: [AtomRole]) {
        let big = domainSites()
        var elements: [Element] = [], positions: [Vec3] = [], roles: [AtomRole] = []
        for (i, p) in big.positions.enumerated() where !isRemoved(p) {
            let d = distanceToRegion(p)
            if d <= 1e-6 { elements.append(big.elements[i]); positions.append(p); roles.append(.real) }
            else if d <= padDepth { elements.append(big.elements[i]); positions.append(p); roles.append(.pad) }
        }
        let cell = Mat3(diagonal: Double(cellsX) * crystal.cell[0, 0], Double(cellsY) * crystal.cell[1, 1], thickness)
        let s = try Structure(elements: elements, positions: positions, cell: cell, periodic: [false, false, true])
        return (s, roles)
    }
}

extension CouplingLayout {
    /// The full-atomistic counterpart of the same problem: every atom of the domain (removed
    /// sites excepted); atoms closer than `padDepth` to the outer boundary have role `.pad`
    /// (held at the boundary displacement), the others `.real`. Periodic along z only.
    /// With an open top (`hasOpenTop`) the top surface layer y = cellsY b is included and no
    /// band is held along the top: the same free surface as the coupled problem's.
    public func fullAtomistic() throws -> (structure: Structure, roles: [AtomRole]) {
        let big = domainSites()
        let w = Double(cellsX) * crystal.cell[0, 0], hgt = Double(cellsY) * crystal.cell[1, 1]
        let openTop = hasOpenTop
        var elements: [Element] = [], positions: [Vec3] = [], roles: [AtomRole] = []
        for (i, p) in big.positions.enumerated() where !isRemoved(p) {
            elements.append(big.elements[i]); positions.append(p)
            roles.append(min(p.x, w - p.x, p.y, openTop ? .infinity : hgt - p.y) < padDepth ? .pad : .real)
        }
        let s = try Structure(elements: elements, positions: positions, cell: Mat3(diagonal: w, hgt, thickness), periodic: [false, false, true])
        return (s, roles)
    }
}

/// Role of an atom in the coupled problem.
public enum AtomRole: Sendable, Equatable {
    /// Free: moved by the atomistic relaxation.
    case real
    /// Slaved to the finite-element interpolation.
    case pad
}

/// Materials that can report the inner-relaxation shifts of their basis (multi-atom lattices),
/// so that pads reproduce the homogeneously deformed crystal exactly.
public protocol BasisShiftProviding: Sendable {
    /// The lattice the shifts refer to.
    var lattice: Lattice { get }
    /// Shift s_k (Å, reference frame) of each basis atom at deformation gradient F: atom k of
    /// the deformed crystal sits at F (X_k + s_k).
    func basisShifts(at f: Mat3) throws -> [Vec3]
}

extension CauchyBornMaterial: BasisShiftProviding {
    public func basisShifts(at f: Mat3) throws -> [Vec3] { try relaxation(at: f).shifts }
}
