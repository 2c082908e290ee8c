import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining

@Test func spearmanIsOneForAnyIncreasingRelationAndPearsonOnlyForALinearOne() {
    let x = (1...20).map(Double.init)
    let cubic = x.map { $0 * $0 * $0 }
    #expect(abs(Correlation.spearman(x, cubic)! - 1) < 1e-14)
    #expect(Correlation.pearson(x, cubic)! < 0.95)
    #expect(abs(Correlation.pearson(x, x.map { 3 * $0 - 7 })! - 1) < 1e-14)
    #expect(abs(Correlation.spearman(x, x.map { -exp($0) })! + 1) < 1e-14)
    #expect(Correlation.pearson(x, x.map { _ in 2 }) == nil)
}

@Test func tiedValuesShareTheirAverageRank() {
    #expect(Correlation.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    // Spearman's closed form 1 - 6 Σd²/(n(n²-1)) holds without ties: ranks (1,2,3,4,5) vs (2,1,4,3,5).
    let rho = Correlation.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])!
    #expect(abs(rho - (1 - 6 * 4 / (5 * 24))) < 1e-14)
}

@Test func predictionErrorsAverageEnergyPerAtomOverConfigurationsAndForcesOverComponents() throws {
    let si = Element(symbol: "Si")!
    let a = try Structure(elements: [si, si], positions: [.zero, Vec3(2, 0, 0)], cell: 10 * Mat3.identity, periodic: [false, false, false])
    let b = try Structure(elements: [si], positions: [.zero], cell: 10 * Mat3.identity, periodic: [false, false, false])
    let refs = [try TrainingConfiguration(structure: a, energy: -1, forces: [Vec3(1, 0, 0), Vec3(-1, 0, 0)]),
                try TrainingConfiguration(structure: b, energy: 0, forces: [.zero])]
    // Energy errors per atom: +0.2/2 = 0.1 and -0.3/1 = -0.3; force component errors: 0.3, -0.4 and
    // seven zeros among nine components.
    let e = PredictionErrors(energies: [-0.8, -0.3], forces: [[Vec3(1.3, 0, 0), Vec3(-1, -0.4, 0)], [.zero]], references: refs)
    #expect(abs(e.energyRMSE - ((0.01 + 0.09) / 2).squareRoot()) < 1e-15)
    #expect(abs(e.energyMAE - 0.2) < 1e-15)
    #expect(abs(e.forceRMSE - (0.25 / 9).squareRoot()) < 1e-15)
    #expect(abs(e.forceMAE - 0.7 / 9) < 1e-15)
    #expect(e.configurations == 2 && e.forceComponents == 9)
}
