import Foundation
import SeamCore
import SeamCoupling
import SeamFEM
import SeamIO
import SeamPotential

/// Builds the objects of an `indentation` deck: mesh, material, elasticity model and the rigid
/// indenter (`RigidIndenterContact`), and hands the stepped problem to the driver.
enum IndentationSetup {
    /// The mesh of the deck, with its node sets checked against the boundaries and the surface.
    static func mesh(_ spec: IndentationSpec, deck: Deck) throws -> Mesh {
        let mesh: Mesh
        switch spec.mesh {
        case .rectangle(let w, let h, let cells, let type, let g):
            guard let cellType = CellType(rawValue: type) else { preconditionFailure("cell type validated by the parser") }
            mesh = try StructuredMesh.rectangle(cellsX: cells[0], cellsY: cells[1], width: w, height: h, cellType: cellType,
                                                grading: g > 1 ? Grading(toward: Vec3(spec.center[0], h, 0), exponent: g) : nil)
        case .box(let size, let cells, let g):
            mesh = try StructuredMesh.box(cellsX: cells[0], cellsY: cells[1], cellsZ: cells[2], size: Vec3(size[0], size[1], size[2]),
                                          cellType: .hexahedron8,
                                          grading: g > 1 ? Grading(toward: Vec3(spec.center[0], spec.center[1], size[2]), exponent: g) : nil)
        case .file(let path):
            let url = DeckRunner.resolve(path, in: deck)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw InputError("[mesh] file '\(path)' does not exist (looked in \(url.path))", at: SourceLocation(source: deck.source))
            }
            mesh = try Gmsh.read(url)
            guard (mesh.dimension == 3) == (spec.shape == .sphere) else {
                throw InputError("[mesh] file '\(path)' is \(mesh.dimension)D but a \(spec.shape.rawValue) needs a \(spec.shape == .sphere ? 3 : 2)D mesh",
                                 at: SourceLocation(source: deck.source))
            }
        }
        let sets = mesh.nodeSets.keys.sorted()
        func check(_ name: String, _ what: String, line: Int) throws {
            guard mesh.nodeSets[name] == nil else { return }
            throw InputError("\(what) '\(name)' is not a node set of the mesh", at: SourceLocation(source: deck.source, line: line > 0 ? line : nil),
                             suggestion: closestMatch(name, in: sets).map { "did you mean '\($0)'?" } ?? "node sets: \(sets.joined(separator: ", "))")
        }
        var errors: [InputError] = []
        for b in spec.boundaries { do { try check(b.set, "[[boundary]] set", line: b.line) } catch let e as InputError { errors.append(e) } }
        do { try check(spec.surface, "[indenter] surface", line: spec.surfaceLine) } catch let e as InputError { errors.append(e) }
        if errors.count == 1 { throw errors[0] }
        if errors.count > 1 { throw DeckErrors(errors) }
        return mesh
    }

    static func run(_ spec: IndentationSpec, deck: Deck, drive: (any SteppedProblem) throws -> RunSummary) throws -> RunSummary {
        let mesh = try mesh(spec, deck: deck)
        switch spec.material {
        case .isotropic(let e, let nu):
            return try drive(try problem(spec, mesh, try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu), deck))
        case .cubic(let c11, let c12, let c44):
            return try drive(try problem(spec, mesh, try LinearElasticCubic(c11: c11, c12: c12, c44: c44), deck))
        case .cauchyBorn(let kind, let a, let element, let orientation):
            guard let pspec = deck.potential else { preconditionFailure("the parser requires [potential] for cauchy-born") }
            let potential = try DeckRunner.loadPotential(pspec, deck: deck)
            let el = try Element.parse(element)
            var lattice: Lattice
            switch kind {
            case .fcc: lattice = try .fcc(latticeConstant: a, element: el)
            case .bcc: lattice = try .bcc(latticeConstant: a, element: el)
            case .diamond: lattice = try .diamond(latticeConstant: a, elements: [el, el])
            case .hcp: lattice = try .hcp(latticeConstant: a, element: el)
            case .sc: throw InputError("[material] lattice = \"sc\" has no Cauchy-Born lattice; use fcc, bcc, diamond or hcp",
                                       at: SourceLocation(source: deck.source))
            }
            if let o = orientation { lattice = try lattice.oriented(x: o[0], y: o[1], z: o[2]) }
            return try cauchyBorn(potential, lattice, spec, mesh, deck, drive)
        }
    }

    static func cauchyBorn<P: Potential>(_ potential: P, _ lattice: Lattice, _ spec: IndentationSpec, _ mesh: Mesh, _ deck: Deck,
                                         _ drive: (any SteppedProblem) throws -> RunSummary) throws -> RunSummary {
        try drive(try problem(spec, mesh, try CauchyBornMaterial(potential: potential, lattice: lattice), deck))
    }

    static func problem<M: Material>(_ spec: IndentationSpec, _ mesh: Mesh, _ material: M, _ deck: Deck) throws -> IndentationProblem<M> {
        let analysis: Analysis = mesh.dimension == 3 ? .solid : .planeStrain(thickness: 1)
        let model = try ElasticityModel(mesh: mesh, analysis: analysis, material: material,
                                        dirichlet: spec.boundaries.map { .fixed($0.set, components: $0.components) })
        let center = mesh.dimension == 3 ? Vec3(spec.center[0], spec.center[1], 0) : Vec3(spec.center[0], 0, 0)
        let contact = try RigidIndenterContact(mesh: mesh, nodeSet: spec.surface, radius: spec.radius, center: center, stiffness: spec.penalty)
        // Symmetry copies: an axis on the mesh's lowest x (and y in 3D) is a half (quarter) model.
        let lo = mesh.nodes.reduce(Vec3(Double.infinity, .infinity, .infinity)) { Vec3(min($0.x, $1.x), min($0.y, $1.y), min($0.z, $1.z)) }
        var copies = abs(center.x - lo.x) < 1e-9 ? 2.0 : 1.0
        if mesh.dimension == 3 && abs(center.y - lo.y) < 1e-9 { copies *= 2 }
        var hertz: (e: Double, nu: Double)?
        if case .isotropic(let e, let nu) = spec.material { hertz = (e, nu) }
        return IndentationProblem(model: model, contact: contact, spec: spec, solver: deck.solver, symmetryCopies: copies, hertz: hertz)
    }
}

/// A rigid cylinder (plane strain) or sphere pushed into an elastic body, one load step per
/// indenter depth. Per step: the load (force on the body per Å of cylinder length in 2D, eV/Å^2;
/// force in 3D, eV/Å) and the energy terms: elastic energy Σ_q W(F_q) w_q det J (eV, per Å in
/// 2D), penalty energy Σ ½ κ ℓ g², and the indenter's work ∫ P dh (trapezoid rule). Without
/// friction or adhesion the path is reversible, so work = elastic + penalty up to the
/// trapezoid error.
struct IndentationProblem<M: Material>: SteppedProblem {
    let model: ElasticityModel<M>
    let contact: RigidIndenterContact
    let spec: IndentationSpec
    let solver: SolverSpec
    /// 2 for a half model (axis on the symmetry plane), 4 for a quarter model in 3D.
    let symmetryCopies: Double
    let hertz: (e: Double, nu: Double)?

    var stepCount: Int { spec.depths.count }
    var is3D: Bool { model.dimension == 3 }
    var columns: [LoadPathColumn] {
        let e = is3D ? "eV" : "eV/Angstrom"
        return [.init("depth", "Angstrom"), .init("load", is3D ? "eV/Angstrom" : "eV/Angstrom^2"), .init("contact_radius", "Angstrom"),
                .init("active_nodes"), .init("iterations"), .init("elastic_energy", e), .init("penalty_energy", e), .init("work", e),
                .init("peak_pressure", "GPa")]
    }
    var plot: (x: Int, y: [Int], title: String) { (0, [1], "Indentation: load against depth (model as meshed)") }
    /// Totals: work, previous depth, previous load.
    var totalsCount: Int { 3 }

    func step(_ k: Int, state: [Double], totals: inout [Double]) throws -> (record: StepRecord, state: [Double], files: StepFiles) {
        let depth = spec.depths[k]
        guard let s = try contact.solve(model, depths: [depth], tolerance: solver.tolerance, maxIterations: solver.maxIterations,
                                        initialDisplacement: state.isEmpty ? nil : state).first else {
            preconditionFailure("one depth gives one state")
        }
        let u = s.displacement, d = model.dimension
        // Penalty energy, contact pressure and the second moment of the pressure.
        let c = d == 2 ? Vec3(contact.center.x, contact.surfaceHeight - depth + contact.radius, 0)
            : Vec3(contact.center.x, contact.center.y, contact.surfaceHeight - depth + contact.radius)
        var penalty = 0.0, m0 = 0.0, m2 = 0.0, active = 0, peak = 0.0
        var pressure = [Double](repeating: 0, count: model.mesh.nodes.count)
        for (j, node) in contact.nodes.enumerated() {
            let n = Int(node), x0 = model.mesh.nodes[n]
            var x = x0
            for i in 0..<d { x[i] += u[d * n + i] }
            let g = contact.radius - (x - c).norm
            guard g > 0 else { continue }
            let p = contact.stiffness * g, l = contact.tributary[j]
            penalty += 0.5 * contact.stiffness * l * g * g
            pressure[n] = p; peak = max(peak, p)
            let r2 = d == 2 ? pow(x0.x - c.x, 2) : pow(x0.x - c.x, 2) + pow(x0.y - c.y, 2)
            m0 += p * l; m2 += p * l * r2; active += 1
        }
        // Half-width of a Hertz-like pressure from its second moment: a²/4 (2D ellipse), 2a²/5 (3D).
        let radius = m0 > 0 ? (d == 2 ? 2 * (m2 / m0).squareRoot() : (2.5 * m2 / m0).squareRoot()) : 0
        let elastic = try elasticEnergy(u)
        let previousDepth = k == 0 ? spec.startDepth : totals[1], previousLoad = k == 0 ? 0 : totals[2]
        totals[0] += 0.5 * (s.load + previousLoad) * (depth - previousDepth)
        totals[1] = depth; totals[2] = s.load
        let record = StepRecord(values: [depth, s.load, radius, Double(active), Double(s.iterations), elastic, penalty, totals[0],
                                         peak * Units.gigapascalPerEvPerCubicAngstrom])
        let files = StepFiles { directory, prefix, k, output in
            guard output.vtu else { return [] }
            return [try writeVTU(u, pressure: pressure, depth: depth, directory: directory, prefix: prefix, step: k)]
        }
        return (record, u, files)
    }

    /// Σ_blocks Σ_cells Σ_q W(F_q) w_q det J_q t, eV (per Å of length in 2D with t = 1 Å).
    func elasticEnergy(_ u: [Double]) throws -> Double { try model.storedEnergy(u) }

    func writeVTU(_ u: [Double], pressure: [Double], depth: Double, directory: URL, prefix: String, step: Int) throws -> String {
        let mesh = model.mesh, d = model.dimension
        let disp = (0..<mesh.nodes.count).map { n in d == 2 ? Vec3(u[2 * n], u[2 * n + 1], 0) : Vec3(u[3 * n], u[3 * n + 1], u[3 * n + 2]) }
        let cells = try model.cellAverageValues(u, linearized: false).flatMap { $0 }
        let toGPa = Units.gigapascalPerEvPerCubicAngstrom
        let name = String(format: "%@_%04d.vtu", prefix, step)
        try VTU.write(mesh: mesh, pointData: [.vector("displacement", disp, unit: "Å"), .scalar("contact_pressure", pressure.map { $0 * toGPa }, unit: "GPa")],
                      cellData: [.symmetricTensor("stress", cells.map { toGPa * $0.stress }, unit: "GPa"),
                                 .scalar("von_mises", cells.map { toGPa * $0.vonMises }, unit: "GPa")],
                      comment: "indentation step \(step + 1), depth \(depth) Å", encoding: .base64, to: directory.appendingPathComponent(name))
        return name
    }

    func finish(records: [StepRecord], totals: [Double], directory: URL, prefix: String, output: OutputSpec) throws -> [String] {
        guard output.vtu else { return [] }
        let entries = records.indices.map { PVD.Entry(time: records[$0].values[0], file: String(format: "%@_%04d.vtu", prefix, $0)) }
        // ParaView needs increasing times: use the step number, the depth is in the CSV and the VTU comments.
        let ordered = entries.enumerated().map { PVD.Entry(time: Double($0.offset + 1), file: $0.element.file) }
        try PVD.write(ordered, timeUnit: "load step", to: directory.appendingPathComponent(prefix + ".pvd"))
        return [prefix + ".pvd"]
    }

    func figures(records: [StepRecord], totals: [Double]) throws -> [SummaryFigure] {
        let e = is3D ? "eV" : "eV/Angstrom"
        let peak = records.indices.max { records[$0].values[0] < records[$1].values[0] }!
        let r = records[peak].values, last = records.last!.values
        var out: [SummaryFigure] = [
            .init("maximum_depth", r[0], "Angstrom"), .init("load_at_maximum_depth", r[1], is3D ? "eV/Angstrom" : "eV/Angstrom^2"),
            .init("contact_radius_at_maximum_depth", r[2], "Angstrom"), .init("elastic_energy_at_maximum_depth", r[5], e),
            .init("penalty_energy_at_maximum_depth", r[6], e), .init("work_to_maximum_depth", r[7], e),
            .init("peak_pressure_at_maximum_depth", r[8], "GPa"),
            .init("final_depth", last[0], "Angstrom"), .init("final_load", last[1], is3D ? "eV/Angstrom" : "eV/Angstrom^2"),
            .init("final_elastic_energy", last[5], e), .init("net_work", totals[0], e), .init("symmetry_copies", symmetryCopies, ""),
        ]
        if !is3D { out.append(.init("load_at_maximum_depth_full_cylinder", symmetryCopies * r[1] * Units.joulePerSquareMetrePerEvPerSquareAngstrom, "N/m")) }
        if let (eMod, nu) = hertz, r[1] > 0 {
            // Hertz (Johnson, Contact Mechanics, 1985): 2D a = sqrt(4PR/(πE*)), 3D a = (3PR/(4E*))^(1/3), E* = E/(1-ν²).
            let eStar = eMod / (1 - nu * nu), p = symmetryCopies * r[1], radius = spec.radius
            let a = is3D ? pow(3 * p * radius / (4 * eStar), 1.0 / 3) : (4 * p * radius / (Double.pi * eStar)).squareRoot()
            // Peak pressure p0 = 2P/(πa) (2D), 3P/(2πa²) (3D), with Hertz's own a.
            let p0 = is3D ? 3 * p / (2 * Double.pi * a * a) : 2 * p / (Double.pi * a)
            out.append(.init("hertz_contact_radius_at_maximum_depth", a, "Angstrom"))
            out.append(.init("hertz_peak_pressure_at_maximum_depth", p0 * Units.gigapascalPerEvPerCubicAngstrom, "GPa"))
        }
        return out
    }
}
