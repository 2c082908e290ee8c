import Foundation
import SeamCore

/// The self-describing cohesive-law file (JSON) that `seam cohesive` writes and the continuum
/// reads: units, provenance (potential, plane, mode, relaxed or not, constraint), the derived
/// table, the surface energy, and every fitted law with its residual.
///
/// Units inside the file are Seam's internal ones (Å, eV/Å^2, eV/Å^3), named in `units`;
/// `summary` repeats the headline numbers in J/m^2 and GPa for people.
public struct CohesiveLawFile: Codable, Sendable, Equatable {
    public struct UnitsBlock: Codable, Sendable, Equatable {
        public var opening = "angstrom"
        public var energyPerArea = "eV/angstrom^2"
        public var traction = "eV/angstrom^3"
        public init() {}
    }
    public struct Provenance: Codable, Sendable, Equatable {
        /// Potential path or name.
        public var potential: String
        /// Lattice and orientation, or the slab file.
        public var structure: String
        /// Miller indices of the plane, if built from a lattice.
        public var plane: [Int]?
        public init(potential: String, structure: String, plane: [Int]? = nil) {
            self.potential = potential; self.structure = structure; self.plane = plane
        }
    }
    public struct Fit: Codable, Sendable, Equatable {
        /// "uber", "xu-needleman", "ppr" or "bilinear".
        public var kind: String
        /// Parameters by name (units in the name suffix).
        public var parameters: [String: Double]
        /// RMS energy residual relative to the work of separation.
        public var relativeResidual: Double
    }
    public struct Summary: Codable, Sendable, Equatable {
        public var workOfSeparationJoulePerSquareMetre: Double
        public var peakTractionGigapascal: Double
        public var peakOpeningAngstrom: Double
        public var surfaceEnergyJoulePerSquareMetre: Double?
    }

    public var format = "seam-cohesive-law"
    public var version = 1
    public var units = UnitsBlock()
    public var provenance: Provenance
    public var law: DerivedLaw
    /// Additional curves (e.g. slip along two directions), same units.
    public var extraCurves: [DerivedLaw]
    /// Surface energy γ from slab and bulk energies, eV/Å^2 (nil when not computed).
    public var surfaceEnergy: Double?
    public var fits: [Fit]
    public var summary: Summary

    /// Builds the file content from a derived mode-I law, fitting every analytic law to it.
    public init(provenance: Provenance, law: DerivedLaw, extraCurves: [DerivedLaw] = [], surfaceEnergy: Double? = nil) throws {
        self.provenance = provenance; self.law = law; self.extraCurves = extraCurves; self.surfaceEnergy = surfaceEnergy
        let table = try law.tabulated()
        var fits: [Fit] = []
        let uber = CohesiveFitting.universalBinding(table)
        fits.append(Fit(kind: "uber", parameters: ["work_of_separation_eV_per_A2": uber.law.separationEnergy, "length_A": uber.law.length],
                        relativeResidual: uber.relativeResidual))
        let xn = CohesiveFitting.xuNeedleman(table, slip: try extraCurves.first { $0.mode == "slip" }?.tabulated())
        fits.append(Fit(kind: "xu-needleman", parameters: [
            "normal_strength_eV_per_A3": xn.law.normalStrength, "normal_length_A": xn.law.normalLength,
            "shear_strength_eV_per_A3": xn.law.shearStrength, "shear_length_A": xn.law.shearLength, "r": xn.law.r,
        ], relativeResidual: xn.relativeResidual))
        if let ppr = try? CohesiveFitting.parkPaulinoRoesler(table) {
            fits.append(Fit(kind: "ppr", parameters: [
                "normal_energy_eV_per_A2": ppr.law.normalEnergy, "normal_strength_eV_per_A3": ppr.law.normalStrength,
                "alpha": ppr.law.alpha, "lambda_n": ppr.law.lambdaN,
            ], relativeResidual: ppr.relativeResidual))
        }
        let bl = CohesiveFitting.bilinear(table)
        fits.append(Fit(kind: "bilinear", parameters: [
            "strength_eV_per_A3": bl.law.strength, "peak_opening_A": bl.law.peakOpening, "final_opening_A": bl.law.finalOpening,
        ], relativeResidual: bl.relativeResidual))
        // A fit that failed numerically (e.g. PPR on a non-monotone relaxed curve) is left out.
        self.fits = fits.filter { $0.relativeResidual.isFinite && $0.parameters.values.allSatisfy(\.isFinite) }
        summary = Summary(
            workOfSeparationJoulePerSquareMetre: law.workOfSeparation * Units.joulePerSquareMetrePerEvPerSquareAngstrom,
            peakTractionGigapascal: law.peakTraction * Units.gigapascalPerEvPerCubicAngstrom,
            peakOpeningAngstrom: law.peakOpening,
            surfaceEnergyJoulePerSquareMetre: surfaceEnergy.map { $0 * Units.joulePerSquareMetrePerEvPerSquareAngstrom })
    }

    /// Pretty-printed JSON text.
    public func encoded() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }

    /// Parses a law file, with the source named in errors.
    public static func decode(_ text: String, source: String) throws -> CohesiveLawFile {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        do {
            let file = try d.decode(CohesiveLawFile.self, from: Data(text.utf8))
            guard file.format == "seam-cohesive-law" else {
                throw InputError("not a Seam cohesive-law file (format '\(file.format)')", at: SourceLocation(source: source))
            }
            return file
        } catch let e as InputError {
            throw e
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw InputError("missing key '\(key.stringValue)' at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))",
                             at: SourceLocation(source: source))
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw InputError("bad value at '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))': \(ctx.debugDescription)",
                             at: SourceLocation(source: source))
        } catch {
            throw InputError("malformed JSON: \(error)", at: SourceLocation(source: source))
        }
    }

    /// The law of the given kind: "tabulated" (the derived table) or a fitted kind.
    public func cohesiveLaw(_ kind: String = "tabulated", shearWeight: Double = 1) throws -> any CohesiveLaw {
        if kind == "tabulated" { return try law.tabulated(shearWeight: shearWeight) }
        guard let fit = fits.first(where: { $0.kind == kind }) else {
            throw InputError("law file has no '\(kind)' fit", suggestion: "available: tabulated, " + fits.map(\.kind).joined(separator: ", "))
        }
        func p(_ name: String) throws -> Double {
            guard let v = fit.parameters[name] else { throw InputError("fit '\(kind)' lacks parameter '\(name)'") }
            return v
        }
        switch kind {
        case "uber": return UniversalBindingLaw(workOfSeparation: try p("work_of_separation_eV_per_A2"), length: try p("length_A"), shearWeight: shearWeight)
        case "xu-needleman":
            return XuNeedlemanLaw(normalStrength: try p("normal_strength_eV_per_A3"), normalLength: try p("normal_length_A"),
                                  shearStrength: try p("shear_strength_eV_per_A3"), shearLength: try p("shear_length_A"), r: try p("r"))
        case "ppr":
            let g = try p("normal_energy_eV_per_A2"), s = try p("normal_strength_eV_per_A3"), a = try p("alpha"), l = try p("lambda_n")
            return try ParkPaulinoRoeslerLaw(normalEnergy: g, shearEnergy: g, normalStrength: s, shearStrength: s,
                                             alpha: a, beta: a, lambdaN: l, lambdaT: l)
        case "bilinear":
            return BilinearLaw(strength: try p("strength_eV_per_A3"), peakOpening: try p("peak_opening_A"),
                               finalOpening: try p("final_opening_A"), shearWeight: shearWeight)
        default: throw InputError("unknown law kind '\(kind)'")
        }
    }
}
