// swift-tools-version: 6.1
// Seam: multiscale simulation of contact and fracture with NN-PES atomistics coupled to
// finite elements. Dependencies point one way:
// SeamCore <- SeamNumerics <- SeamPotential <- SeamFEM <- SeamCohesive <- SeamCoupling <- SeamCLI;
// SeamTraining and SeamIO (the only module besides SeamCLI that opens files) sit beside them.
import PackageDescription

let package = Package(
    name: "Seam",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Seam", targets: ["SeamCore", "SeamNumerics", "SeamPotential", "SeamFEM", "SeamCohesive", "SeamCoupling", "SeamTraining", "SeamIO", "SeamDeck"]),
        .executable(name: "seam", targets: ["seam"]),
        .executable(name: "seam-bench", targets: ["seam-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian: libsuitesparse-dev, libopenblas-dev, liblapacke-dev).
        .systemLibrary(name: "CCHOLMOD", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CLapack", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),

        .target(name: "SeamCore"),
        .target(name: "SeamNumerics", dependencies: ["SeamCore", "CCHOLMOD", "CLapack"]),
        .target(name: "SeamPotential", dependencies: ["SeamCore", "SeamNumerics"]),
        .target(name: "SeamFEM", dependencies: ["SeamCore", "SeamNumerics", "SeamPotential"]),
        .target(name: "SeamTraining", dependencies: ["SeamCore", "SeamNumerics", "SeamPotential"]),
        .target(name: "SeamCohesive", dependencies: ["SeamCore", "SeamNumerics", "SeamPotential", "SeamFEM"]),
        .target(name: "SeamCoupling", dependencies: ["SeamCore", "SeamNumerics", "SeamPotential", "SeamFEM", "SeamCohesive"]),
        .target(name: "SeamIO", dependencies: ["SeamCore", "SeamPotential", "SeamFEM", "SeamCohesive", "SeamTraining"]),
        // Input decks (TOML with units, located errors) and the deck runner: checkpoints, outputs.
        .target(name: "SeamDeck", dependencies: ["SeamCore", "SeamNumerics", "SeamPotential", "SeamFEM", "SeamCohesive", "SeamCoupling", "SeamIO"]),
        .target(name: "SeamCLI", dependencies: [
            "SeamDeck", "SeamCore", "SeamNumerics", "SeamPotential", "SeamFEM", "SeamCohesive", "SeamCoupling", "SeamTraining", "SeamIO",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "seam", dependencies: ["SeamCLI"]),
        .executableTarget(name: "seam-bench", dependencies: [
            "SeamCore", "SeamNumerics", "SeamPotential", "SeamFEM", "SeamCohesive", "SeamCoupling", "SeamTraining", "SeamIO", "CLapack",
        ]),

        // Checkers shared by all test targets (finite differences, invariances, reference data paths).
        .target(name: "SeamTestSupport", dependencies: ["SeamCore", "SeamPotential", "SeamFEM"], path: "Tests/SeamTestSupport"),
        .testTarget(name: "SeamCoreTests", dependencies: ["SeamCore", "SeamTestSupport"]),
        .testTarget(name: "SeamNumericsTests", dependencies: ["SeamNumerics", "SeamTestSupport"]),
        .testTarget(name: "SeamPotentialTests", dependencies: ["SeamPotential", "SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamTrainingTests", dependencies: ["SeamTraining", "SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamCohesiveTests", dependencies: ["SeamCohesive", "SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamCouplingTests", dependencies: ["SeamCoupling", "SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamIOTests", dependencies: ["SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamFEMTests", dependencies: ["SeamFEM", "SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamDeckTests", dependencies: ["SeamDeck", "SeamFEM", "SeamPotential", "SeamIO", "SeamTestSupport"]),
        .testTarget(name: "SeamCLITests", dependencies: ["SeamCLI", "SeamTestSupport"]),
    ]
)
