import ArgumentParser
import Foundation
import SeamCohesive
import SeamCore
import SeamDeck
import SeamIO
import SeamPotential

/// `seam cohesive`: derive a traction-separation law from a potential.
struct CohesiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohesive",
        abstract: "Derive a cohesive (traction-separation) law from a potential: φ(δ) in J/m^2, traction in GPa.",
        discussion: """
            Build the interface from a lattice and Miller indices (--lattice, -a, --element, --miller) \
            or give a slab (--slab FILE.xyz, periodic along a and b) with the cut height (--cut, Å \
            along the a×b normal). The two halves are separated rigidly (default) or with relaxation \
            (--relaxed: grips of --grip Å at both outer faces held, all other atoms relaxed at \
            each opening). Writes PREFIX.law.json (the law file the continuum reads), PREFIX.csv \
            and PREFIX.svg. Example: seam cohesive --potential examples/potentials/Si-seam-committee \
            --lattice diamond -a 5.468 --element Si --miller 1,1,1 -o si111
            """)

    @OptionGroup var potentialOptions: PotentialOptions

    @Option(help: "Lattice: fcc, bcc, diamond, hcp, sc.") var lattice: String?
    @Option(name: .customShort("a"), help: "Lattice constant a, Å.") var latticeConstant: Double?
    @Option(name: .customShort("c"), help: "Lattice constant c (hcp), Å.") var cConstant: Double?
    @Option(help: "Element symbol of the lattice.") var element: String?
    @Option(help: "Miller indices of the cleavage plane, e.g. 1,1,1.") var miller: String = "1,1,1"
    @Option(help: "Slab structure file (extended XYZ) instead of a lattice.") var slab: String?
    @Option(help: "Cut height along the slab normal, Å (with --slab).") var cut: Double?
    @Option(help: "Minimum thickness of each half of a cleaved slab, Å (default: 2 × cutoff + 1).") var halfThickness: Double?
    @Option(name: .customLong("repeat"), help: "In-plane repetitions 'na,nb' of the cleaved cell.") var repetitions: String = "1,1"
    @Option(help: "Openings, Å: 'start:stop:step' or a comma list.") var openings: String = "0:8:0.2"
    @Option(help: "Mode: opening, slip-a, slip-b, or all.") var mode: String = "opening"
    @Flag(help: "Relax atoms at every opening (default: rigid).") var relaxed = false
    @Option(help: "Grip thickness for relaxed derivations, Å.") var grip: Double = 3.0
    @Option(help: "Force tolerance of the relaxations, eV/Å.") var fmax: Double = 0.01
    @Option(name: .shortAndLong, help: "Output prefix.") var output: String = "cohesive"

    func parsedOpenings() throws -> [Double] {
        if openings.contains(":") {
            let p = openings.split(separator: ":").map { Double($0) }
            guard p.count == 3, let a = p[0], let b = p[1], let h = p[2], h > 0, b > a else {
                throw ValidationError("--openings 'start:stop:step' needs three numbers with step > 0, got '\(openings)'")
            }
            return stride(from: a, through: b + 1e-9 * h, by: h).map { $0 }
        }
        let list = openings.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else { throw ValidationError("--openings: bad list '\(openings)'") }
        return list.map { $0! }
    }

    func buildSlab(cutoff: Double) throws -> (InterfaceSlab, Structure?, String, [Int]?) {
        if let slab {
            guard let cut else { throw ValidationError("--slab needs --cut HEIGHT (Å along the slab normal)") }
            let frames = try ExtendedXYZ.read(from: URL(fileURLWithPath: slab))
            guard let first = frames.first else { throw InputError("no structure in '\(slab)'", at: SourceLocation(source: slab)) }
            return (try InterfaceSlab(structure: first.structure, cutHeight: cut), nil, slab, nil)
        }
        guard let lattice, let a = latticeConstant, let element else {
            throw ValidationError("give --lattice, -a and --element (or --slab FILE --cut HEIGHT)")
        }
        guard let kind = LatticeKind(rawValue: lattice.lowercased()) else {
            throw ValidationError("unknown lattice '\(lattice)': use fcc, bcc, diamond, hcp or sc")
        }
        let m = miller.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard m.count == 3 else { throw ValidationError("--miller needs three integers like 1,1,1, got '\(miller)'") }
        let r = repetitions.split(separator: ",").compactMap { Int($0) }
        guard r.count == 2, r[0] >= 1, r[1] >= 1 else { throw ValidationError("--repeat needs 'na,nb' (positive), got '\(repetitions)'") }
        let built = try CleavedInterface.build(lattice: kind, latticeConstant: a, c: cConstant, element: element, miller: m,
                                               repetitions: r, halfThickness: halfThickness ?? (2 * cutoff + 1))
        return (built.slab, built.bulk, "\(lattice) a=\(a) Å \(element) (\(m.map(String.init).joined(separator: " ")))", m)
    }

    func run() throws {
        try run(with: try potentialOptions.load())
    }

    func run<P: Potential>(with potential: P) throws {
        let deltas = try parsedOpenings()
        let (interface, bulk, description, plane) = try buildSlab(cutoff: potential.cutoff)
        print("interface: \(description); \(interface.structure.count) atoms, area \(String(format: "%.3f", interface.area)) Å^2")
        let laws = try derive(potential, interface, deltas)
        let gamma = try bulk.map { try LawDerivation(potential: potential, slab: interface).surfaceEnergy(bulk: $0) }
        let file = try CohesiveLawFile(provenance: .init(potential: potentialOptions.name, structure: description, plane: plane),
                                       law: laws[0], extraCurves: Array(laws.dropFirst()), surfaceEnergy: gamma)
        try AtomicFile.write(try file.encoded(), to: URL(fileURLWithPath: output + ".law.json"))
        try AtomicFile.write(CohesiveReport.csv(laws), to: URL(fileURLWithPath: output + ".csv"))
        try AtomicFile.write(CohesiveReport.svg(laws, title: description), to: URL(fileURLWithPath: output + ".svg"))
        let s = file.summary
        print(String(format: "work of separation %.4f J/m^2, peak traction %.3f GPa at %.3f Å", s.workOfSeparationJoulePerSquareMetre,
                     s.peakTractionGigapascal, s.peakOpeningAngstrom))
        if let g = s.surfaceEnergyJoulePerSquareMetre { print(String(format: "surface energy (slab - bulk) %.4f J/m^2; 2γ = %.4f J/m^2", g, 2 * g)) }
        for f in file.fits { print(String(format: "fit %-13@ relative residual %.2e", f.kind, f.relativeResidual)) }
        print("wrote \(output).law.json, \(output).csv, \(output).svg")
    }

    func derive<P: Potential>(_ potential: P, _ interface: InterfaceSlab, _ deltas: [Double]) throws -> [DerivedLaw] {
        let derivation = try LawDerivation(potential: potential, slab: interface)
        let a = interface.structure.cell.r0.normalized
        let b = interface.normal.cross(a)
        var modes: [(String, SeparationMode)] = []
        switch mode {
        case "opening": modes = [("opening", .opening)]
        case "slip-a": modes = [("slip-a", .slip(a))]
        case "slip-b": modes = [("slip-b", .slip(b))]
        case "all": modes = [("opening", .opening), ("slip-a", .slip(a)), ("slip-b", .slip(b))]
        default: throw ValidationError("unknown --mode '\(mode)': use opening, slip-a, slip-b or all")
        }
        var out: [DerivedLaw] = []
        for (name, m) in modes {
            let progress: DerivationProgress = { k, d, e, t in
                note(String(format: "[%@ %d/%d] δ = %.3f Å  φ = %.5f J/m^2  T = %.4f GPa", name, k + 1, deltas.count, d,
                            e * Units.joulePerSquareMetrePerEvPerSquareAngstrom, t * Units.gigapascalPerEvPerCubicAngstrom))
            }
            if relaxed {
                let relax = StructureRelaxer(potential: potential, forceTolerance: fmax, warn: { note($0) })
                out.append(try derivation.relaxed(m, separations: deltas, gripThickness: grip, relax: relax.relax, progress: progress))
            } else {
                out.append(try derivation.rigid(m, separations: deltas, progress: progress))
            }
        }
        return out
    }
}
