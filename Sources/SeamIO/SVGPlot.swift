import Foundation
import SeamCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line plot rendered as a standalone SVG document: several series, axes with "nice"
/// ticks (1, 2, 5 × 10^k), axis labels that carry units, a title and a legend.
///
/// Non-finite points break a series' line (they are not drawn). Pure `render() -> String`;
/// `write(to:)` uses `AtomicFile`. Hand-written: a few hundred bytes of SVG need no plotting
/// dependency, and figures in examples must be reproducible from the CLI alone.
public struct SVGPlot: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// CSS colour; nil picks from the palette.
        public var color: String?
        /// Draw a marker at each point as well as the line.
        public var markers: Bool
        /// Dashed line (e.g. for reference curves).
        public var dashed: Bool
        /// Join the points with a line (false with `markers` = a scatter plot).
        public var line: Bool
        public init(name: String, x: [Double], y: [Double], color: String? = nil, markers: Bool = false, dashed: Bool = false, line: Bool = true) {
            precondition(x.count == y.count, "series \(name): \(x.count) x values, \(y.count) y values")
            self.name = name; self.x = x; self.y = y; self.color = color; self.markers = markers; self.dashed = dashed; self.line = line
        }
    }

    public var title: String
    /// Axis labels with units, e.g. "displacement (Å)".
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Size in px.
    public var width: Double = 640
    public var height: Double = 420

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    /// Plot area margins (px): left, right, top, bottom.
    static let margins = (left: 80.0, right: 20.0, top: 40.0, bottom: 60.0)

    /// "Nice" tick positions covering [lo, hi] (about `target` ticks) and the extended range.
    public static func ticks(_ lo: Double, _ hi: Double, target: Int = 6) -> [Double] {
        var lo = lo, hi = hi
        if !(hi > lo) { let d = max(abs(lo) * 0.1, 1); lo -= d; hi += d }
        let raw = (hi - lo) / Double(max(1, target - 1))
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw * (1 - 1e-12) } ?? 10 * mag
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        return stride(from: first, through: last, by: 1).map { k in
            let v = k * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
    }

    /// Tick label with as many decimals as the step needs (or scientific for extremes).
    static func label(_ v: Double, step: Double) -> String {
        let a = max(abs(v), step)
        if a >= 1e5 || a < 1e-3 {
            return String(format: "%.3g", v)
        }
        let decimals = max(0, Int(-(log10(step)).rounded(.down)))
        return String(format: "%.\(decimals)f", v)
    }

    public func render() -> String {
        let m = SVGPlot.margins
        let plotW = width - m.left - m.right, plotH = height - m.top - m.bottom
        let xs = series.flatMap { $0.x }.filter(\.isFinite), ys = series.flatMap { $0.y }.filter(\.isFinite)
        let xt = SVGPlot.ticks(xs.min() ?? 0, xs.max() ?? 1), yt = SVGPlot.ticks(ys.min() ?? 0, ys.max() ?? 1)
        let x0 = xt.first!, x1 = xt.last!, y0 = yt.first!, y1 = yt.last!
        func px(_ x: Double) -> Double { m.left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { m.top + plotH - (y - y0) / (y1 - y0) * plotH }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text class=\"title\" x=\"\(f(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(esc(title))</text>\n"
        // Grid, ticks and tick labels.
        let xStep = xt.count > 1 ? xt[1] - xt[0] : 1, yStep = yt.count > 1 ? yt[1] - yt[0] : 1
        for v in xt {
            s += "<line class=\"grid\" x1=\"\(f(px(v)))\" y1=\"\(f(m.top))\" x2=\"\(f(px(v)))\" y2=\"\(f(m.top + plotH))\" stroke=\"#e0e0e0\"/>\n"
            s += "<text class=\"xtick\" x=\"\(f(px(v)))\" y=\"\(f(m.top + plotH + 18))\" text-anchor=\"middle\">\(SVGPlot.label(v, step: xStep))</text>\n"
        }
        for v in yt {
            s += "<line class=\"grid\" x1=\"\(f(m.left))\" y1=\"\(f(py(v)))\" x2=\"\(f(m.left + plotW))\" y2=\"\(f(py(v)))\" stroke=\"#e0e0e0\"/>\n"
            s += "<text class=\"ytick\" x=\"\(f(m.left - 6))\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\">\(SVGPlot.label(v, step: yStep))</text>\n"
        }
        s += "<rect class=\"axes\" x=\"\(f(m.left))\" y=\"\(f(m.top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        s += "<text class=\"xlabel\" x=\"\(f(m.left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">\(esc(xLabel))</text>\n"
        s += "<text class=\"ylabel\" x=\"18\" y=\"\(f(m.top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(m.top + plotH / 2)))\">\(esc(yLabel))</text>\n"
        // Series: one polyline per finite run.
        for (k, ser) in series.enumerated() {
            let color = ser.color ?? SVGPlot.palette[k % SVGPlot.palette.count]
            let dash = ser.dashed ? " stroke-dasharray=\"6 4\"" : ""
            var runs: [[(Double, Double)]] = [[]]
            for (x, y) in zip(ser.x, ser.y) {
                if x.isFinite && y.isFinite { runs[runs.count - 1].append((px(x), py(y))) } else if !runs.last!.isEmpty { runs.append([]) }
            }
            for run in runs where !run.isEmpty {
                let pts = run.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
                if ser.line {
                    s += "<polyline class=\"series\" data-series=\"\(k)\" points=\"\(pts)\" fill=\"none\" stroke=\"\(esc(color))\" stroke-width=\"1.8\"\(dash)/>\n"
                }
                if ser.markers {
                    for p in run { s += "<circle class=\"marker\" data-series=\"\(k)\" cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"3\" fill=\"\(esc(color))\"/>\n" }
                }
            }
        }
        // Legend, top right inside the plot area.
        if !series.isEmpty {
            let lw = 16 + 7.0 * Double(series.map(\.name.count).max() ?? 0) + 30, lh = 8 + 18.0 * Double(series.count)
            let lx = m.left + plotW - lw - 8, ly = m.top + 8
            s += "<g class=\"legend\">\n<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"\(f(lw))\" height=\"\(f(lh))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999\"/>\n"
            for (k, ser) in series.enumerated() {
                let color = ser.color ?? SVGPlot.palette[k % SVGPlot.palette.count]
                let yy = ly + 16 + 18 * Double(k)
                let dash = ser.dashed ? " stroke-dasharray=\"6 4\"" : ""
                s += "<line x1=\"\(f(lx + 6))\" y1=\"\(f(yy - 4))\" x2=\"\(f(lx + 30))\" y2=\"\(f(yy - 4))\" stroke=\"\(esc(color))\" stroke-width=\"1.8\"\(dash)/>\n"
                s += "<text class=\"legend-entry\" x=\"\(f(lx + 36))\" y=\"\(f(yy))\">\(esc(ser.name))</text>\n"
            }
            s += "</g>\n"
        }
        return s + "</svg>\n"
    }

    /// Writes the SVG atomically.
    public func write(to url: URL) throws { try AtomicFile.write(render(), to: url) }

    private func esc(_ s: String) -> String { VTU.xmlAttribute(s) }
}
