import Foundation
import SeamCore
import SeamDeck

/// Small valid decks the tests edit into malformed ones, and helpers.
enum DeckFixtures {
    /// A small valid indentation deck (isotropic, 8 x 8 cells, two load steps).
    static let indentation = """
        title = "corpus base"
        [problem]
        kind = "indentation"
        [material]
        kind = "isotropic"
        youngs_modulus = "130 GPa"
        poisson_ratio = 0.28
        [mesh]
        generator = "rectangle"
        width = "10 nm"
        height = "10 nm"
        cells = [8, 8]
        cell_type = "quadrilateral4"
        [[boundary]]
        set = "left"
        fix = ["x"]
        [[boundary]]
        set = "bottom"
        fix = ["y"]
        [indenter]
        shape = "cylinder"
        radius = "5 nm"
        center = ["0 nm"]
        surface = "top"
        penalty = "1000 GPa/angstrom"
        [load]
        segments = [{ to = "1 angstrom", steps = 2 }]
        [output]
        directory = "out"
        [checkpoint]
        every = 1

        """

    /// A small valid cohesive-law deck with Lennard-Jones argon-like parameters (fcc (111)).
    static let cohesiveLJ = """
        title = "LJ fcc (111) law"
        [problem]
        kind = "cohesive-law"
        [potential]
        lj = { epsilon = "0.0104 eV", sigma = "3.40 angstrom", cutoff = "8.5 angstrom" }
        [interface]
        lattice = "fcc"
        lattice_constant = "5.26 angstrom"
        element = "Ar"
        miller = [1, 1, 1]
        [load]
        openings = { start = "0 angstrom", stop = "6 angstrom", step = "0.5 angstrom" }
        [output]
        prefix = "lj111"

        """

    /// A small fully atomistic LJ crack (16 x 16 fcc cells, 1024 atoms) at K/K_G = 0.8 and 1.3.
    static let crackLJ = """
        [problem]
        kind = "crack"
        [potential]
        lj = { epsilon = "0.0104 eV", sigma = "3.4 angstrom", cutoff = "8.5 angstrom" }
        [crystal]
        lattice = "fcc"
        lattice_constant = "5.2671402 angstrom"
        element = "Ar"
        [domain]
        cells = [16, 16]
        atomistic_cells = [6, 6]
        pad_depth = "8.5 angstrom"
        [crack]
        mode = "full-atomistic"
        [load]
        k_over_griffith = [0.8, 1.3]
        [output]
        prefix = "crack"
        vtu = false

        """

    /// A small adhesive-contact deck with a law file (path only; parsing does not open it).
    static let adhesive = """
        [problem]
        kind = "adhesive-contact"
        [interface]
        law_file = "si111.law.json"
        [material]
        kind = "isotropic"
        youngs_modulus = "130 GPa"
        poisson_ratio = 0.28
        [substrate]
        width = "40 nm"
        depth = "20 nm"
        [mesh]
        fine_size = "1 angstrom"
        fine_width = "5 nm"
        fine_depth = "2 nm"
        [indenter]
        radius = "10 nm"
        [load]
        start_separation = "1.5 angstrom"
        approach_load = "16 N/m"
        end_separation = "6 angstrom"
        step = "0.5 angstrom"

        """

    /// Root of the package (for the example decks).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seam-deck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Line (1-based) of the first line of `text` that contains `marker`.
    static func line(of marker: String, in text: String, occurrence: Int = 1) -> Int? {
        let hits = text.split(separator: "\n", omittingEmptySubsequences: false).indices.filter {
            text.split(separator: "\n", omittingEmptySubsequences: false)[$0].contains(marker)
        }
        return hits.count >= occurrence ? hits[occurrence - 1] + 1 : nil
    }
}
