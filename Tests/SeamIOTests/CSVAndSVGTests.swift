import Foundation
import Testing
import SeamCore
import SeamIO

/// An independent RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF).
func readCSV(_ s: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
    var chars = Array(s.unicodeScalars)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" { if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false } }
            else { field.unicodeScalars.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\r" && chars.first == "\n" { chars.removeFirst(); row.append(field); rows.append(row); row = []; field = "" }
        else { field.unicodeScalars.append(c) }
    }
    return rows
}

@Test func csvHeaderCarriesUnitsAndFieldsAreQuotedPerRFC4180() {
    var t = CSVTable(columns: [.init("step"), .init("displacement", unit: "Å"), .init("force", unit: "eV/Å"), .init("note")])
    t.append([.integer(1), .number(0.1), .number(-2.5e-7), .text("plain")])
    t.append([.integer(2), .number(1.0 / 3.0), .number(.nan), .text("has, comma and \"quotes\"\nand a line break")])
    let text = t.render()
    #expect(text.hasPrefix("step,displacement [Å],force [eV/Å],note\r\n"))
    let rows = readCSV(text)
    #expect(rows.count == 3)
    #expect(rows[0] == ["step", "displacement [Å]", "force [eV/Å]", "note"])
    #expect(rows[1] == ["1", "0.1", "-2.5e-07", "plain"])
    #expect(Double(rows[2][1]) == 1.0 / 3.0)  // numbers round-trip exactly
    #expect(rows[2][2] == "nan")
    #expect(rows[2][3] == "has, comma and \"quotes\"\nand a line break")
    #expect(CSVTable.quoted("a\"b") == "\"a\"\"b\"")
    #expect(CSVTable.quoted("plain") == "plain")
}

@Test func niceTicksCoverTheRangeWithRoundSteps() {
    for (lo, hi) in [(0.0, 1.0), (-3.7, 12.2), (0.00123, 0.00456), (1e5, 3.3e6), (5.0, 5.0)] {
        let t = SVGPlot.ticks(lo, hi)
        #expect(t.first! <= lo && t.last! >= hi)
        #expect(t.count >= 3 && t.count <= 12)
        let step = t[1] - t[0]
        let mantissa = step / pow(10, log10(step).rounded(.down))
        #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 })
    }
}

@Test func svgPlotHasAxesLabelsLegendAndOnePolylinePerSeries() throws {
    let x = (0...20).map { Double($0) * 0.1 }
    let plot = SVGPlot(title: "Force & displacement", xLabel: "displacement (Å)", yLabel: "force (eV/Å)", series: [
        SVGPlot.Series(name: "FEM", x: x, y: x.map { $0 * $0 }),
        SVGPlot.Series(name: "Hertz", x: x, y: x.map { pow($0, 1.5) }, dashed: true),
        SVGPlot.Series(name: "atoms", x: [0, 1, .nan, 1.5, 2], y: [0, 1, 1, 2, 3], markers: true),
    ])
    let root = try XMLNode.parse(plot.render())
    #expect(root.name == "svg")
    let texts = root.all("text")
    #expect(texts.contains { $0.attributes["class"] == "xlabel" && $0.text == "displacement (Å)" })
    #expect(texts.contains { $0.attributes["class"] == "ylabel" && $0.text == "force (eV/Å)" })
    #expect(texts.contains { $0.attributes["class"] == "title" && $0.text == "Force & displacement" })
    #expect(texts.filter { $0.attributes["class"] == "legend-entry" }.map(\.text) == ["FEM", "Hertz", "atoms"])
    let lines = root.all("polyline")
    // The NaN splits the third series in two runs.
    #expect(lines.map { $0.attributes["data-series"]! } == ["0", "1", "2", "2"])
    #expect(root.all("circle").count == 4)
    // Every point lies inside the plot area (80...620 x 40...360 px).
    for l in lines {
        for pair in l.attributes["points"]!.split(separator: " ") {
            let c = pair.split(separator: ",").map { Double($0)! }
            #expect(c[0] >= 80 - 1e-9 && c[0] <= 620 + 1e-9 && c[1] >= 40 - 1e-9 && c[1] <= 360 + 1e-9)
        }
    }
    // The first series starts at the lower-left corner of the data: x = 0 -> 80 px; y = 0 is the lowest tick.
    let first = lines[0].attributes["points"]!.split(separator: " ")[0].split(separator: ",").map { Double($0)! }
    #expect(abs(first[0] - 80) < 1e-9 && abs(first[1] - 360) < 1e-9)
    let xticks = texts.filter { $0.attributes["class"] == "xtick" }.map(\.text)
    #expect(xticks.first == "0.0" && xticks.last == "2.0")
}
