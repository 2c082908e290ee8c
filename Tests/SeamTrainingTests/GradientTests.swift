import Testing
import SeamCore
import SeamPotential
import SeamTraining

/// The exact loss gradient (energy and force terms, reverse-over-forward) against central
/// finite differences of the loss, for every parameter of two small tanh networks.
@Suite struct GradientTests {
    static func problem(activations: [Activation]) throws -> TrainingProblem {
        let data = try LennardJonesData.configurations(count: 3, latticeRange: 3.0...3.4, displacement: 0.15, seed: 7,
                                                       second: Element(symbol: "Kr")!)
        let gen = try SymmetryFunctionGenerator(cutoff: 4.5, radialCount: 2, radialLower: 1.5, angularCount: 1, zetas: [1, 4])
        let els = [Element(symbol: "Ar")!, Element(symbol: "Kr")!]
        let def = try PotentialDefinition(elements: els, symmetryFunctionLines: gen.lines(elements: els),
                                          hiddenLayers: [5, 4], activations: activations)
        return try TrainingProblem(data: DataSplit(training: data, validation: []), definition: def)
    }

    @Test(arguments: [[Activation.tanh, .tanh, .identity], [.softplus, .logistic, .tanh]])
    func lossGradientMatchesCentralDifferences(activations: [Activation]) throws {
        let p = try Self.problem(activations: activations)
        #expect(p.settings.elements.count == 2)
        #expect(p.layout.parameterCount > 50)
        let w0 = p.layout.initialParameters(seed: 3, outputScale: 1)
        let weights = LossWeights(energy: 1.0, force: 3.0)
        let batch = [0, 1, 2]
        let (_, g) = p.lossAndGradient(parameters: w0, batch: batch, weights: weights, threads: 2)
        let h = 1e-5
        var worst = 0.0
        let scale = g.map(abs).max()!
        #expect(scale > 0)
        for q in 0..<w0.count {
            var wp = w0, wm = w0
            wp[q] += h; wm[q] -= h
            let lp = p.lossAndGradient(parameters: wp, batch: batch, weights: weights).loss
            let lm = p.lossAndGradient(parameters: wm, batch: batch, weights: weights).loss
            let fd = (lp - lm) / (2 * h)
            worst = max(worst, abs(fd - g[q]) / scale)
        }
        #expect(worst < 1e-6, "largest gradient error relative to the largest component: \(worst)")
    }

    @Test func gradientDoesNotDependOnThreadCount() throws {
        let p = try Self.problem(activations: [.tanh, .tanh, .identity])
        let w0 = p.layout.initialParameters(seed: 5)
        let a = p.lossAndGradient(parameters: w0, batch: [0, 1, 2], weights: LossWeights(), threads: 1)
        let b = p.lossAndGradient(parameters: w0, batch: [0, 1, 2], weights: LossWeights(), threads: 3)
        #expect(abs(a.loss - b.loss) <= 1e-14 * a.loss)
        let err = zip(a.gradient, b.gradient).map { abs($0 - $1) }.max()!
        #expect(err <= 1e-13 * a.gradient.map(abs).max()!)
    }
}
