import SeamCore
import SeamPotential

/// Rows of the Jacobian of the model's predictions with respect to all weights: what the
/// extended Kalman filter (`KalmanTrainer`) linearises about. Each row is the gradient of a
/// functional linear in the network outputs, so it comes from the loss kernel's own
/// backpropagation (`GradientKernel.backpropagate`) with other seeds, not from a second copy.
extension TrainingProblem {
    /// Predicted energy per atom (eV/atom, atom offsets included) of a configuration and its
    /// derivative with respect to every parameter, ∂(E/N)/∂w (eV/atom per unit weight).
    public func energyPerAtomJacobian(parameters: [Double], configuration c: PreparedConfiguration) -> (value: Double, jacobian: [Double]) {
        precondition(parameters.count == layout.parameterCount, "parameter vector has the wrong length")
        let ws = GradientWorkspace(layout: layout)
        var h = [Double](repeating: 0, count: layout.parameterCount)
        let e = parameters.withUnsafeBufferPointer { p in
            h.withUnsafeMutableBufferPointer { g in
                Self.energyRow(c, layout, p.baseAddress!, g.baseAddress!, ws)
            }
        }
        return ((e + c.offsetEnergy) / Double(c.atomCount), h)
    }

    /// Predicted force component `component` (index 3·atom + axis, eV/Å) of a configuration and
    /// its derivative with respect to every parameter, ∂F/∂w (eV/Å per unit weight).
    public func forceJacobian(parameters: [Double], configuration c: PreparedConfiguration, component: Int) -> (value: Double, jacobian: [Double]) {
        precondition(parameters.count == layout.parameterCount, "parameter vector has the wrong length")
        precondition((0..<(3 * c.atomCount)).contains(component), "force component \(component) out of range")
        let ws = GradientWorkspace(layout: layout)
        var h = [Double](repeating: 0, count: layout.parameterCount)
        var direction = [Double](repeating: 0, count: 3 * c.atomCount)
        let f = parameters.withUnsafeBufferPointer { p in
            h.withUnsafeMutableBufferPointer { g in
                direction.withUnsafeMutableBufferPointer { v in
                    _ = GradientKernel.predict(c, layout, p.baseAddress!, ws, forces: true)
                    let value = ws.forces[component]
                    Self.forceRow(c, layout, p.baseAddress!, component: component, direction: v.baseAddress!, g.baseAddress!, ws)
                    return value
                }
            }
        }
        return (f, h)
    }

    /// Network energy (eV, offsets excluded) and ∂(E_net/N)/∂w written into `row` (zeroed here).
    static func energyRow(_ c: PreparedConfiguration, _ layout: NetworkLayout, _ p: UnsafePointer<Double>,
                          _ row: UnsafeMutablePointer<Double>, _ ws: GradientWorkspace) -> Double {
        let e = GradientKernel.predict(c, layout, p, ws, forces: false)
        row.update(repeating: 0, count: layout.parameterCount)
        GradientKernel.backpropagate(c, layout, p, energySeed: 1 / Double(c.atomCount), direction: nil, forceSeed: 0,
                                     gradient: row, ws)
        return e
    }

    /// ∂F_q/∂w into `row` (zeroed here) after `GradientKernel.predict` of the same configuration
    /// and parameters left its activations in `ws`. `direction` is 3N zeros on entry and on exit.
    static func forceRow(_ c: PreparedConfiguration, _ layout: NetworkLayout, _ p: UnsafePointer<Double>, component q: Int,
                         direction: UnsafeMutablePointer<Double>, _ row: UnsafeMutablePointer<Double>, _ ws: GradientWorkspace) {
        row.update(repeating: 0, count: layout.parameterCount)
        direction[q] = 1
        // Σ_j v_j · F_j with v = e_q is F_q (forceSeed −1: F = −∂E/∂r).
        GradientKernel.backpropagate(c, layout, p, energySeed: 0, direction: UnsafePointer(direction), forceSeed: -1,
                                     gradient: row, ws)
        direction[q] = 0
    }
}
