using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text;

namespace StaticNet.Training;

/// <summary>One line of a <see cref="LineChart"/> panel: a name for the legend, a colour, and its points in order.</summary>
/// <param name="Name">The legend's text.</param>
/// <param name="Color">An SVG colour, such as <c>#1f77b4</c>.</param>
/// <param name="Points">The points; those with a non-finite coordinate are left out (the line breaks there).</param>
/// <param name="Dashed">Whether the line is dashed.</param>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

/// <summary>One panel of a <see cref="LineChart"/>: a title, axis labels, its lines, and an optional marked x.</summary>
/// <param name="Title">The panel's title.</param>
/// <param name="XLabel">The x axis's label.</param>
/// <param name="Series">The lines.</param>
/// <param name="MarkX">An x to mark with a vertical line (such as the best epoch), or null.</param>
/// <param name="MarkLabel">The mark's label.</param>
public sealed record ChartPanel(string Title, string XLabel, IReadOnlyList<ChartSeries> Series, double? MarkX = null, string? MarkLabel = null);

/// <summary>
/// Draws line charts as standalone SVG: panels side by side, each with its own axes, ticks at round numbers, a
/// legend, and an optional vertical mark. Used for training curves (<see cref="TrainingHistory.ToSvg"/>); any
/// series of numbers can be drawn with it.
/// </summary>
public static class LineChart
{
    private const int PanelWidth = 380;
    private const int PanelHeight = 300;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 34;
    private const int PlotHeight = 190;

    /// <summary>The SVG document of <paramref name="panels"/>, side by side, under an optional <paramref name="title"/>.</summary>
    /// <param name="panels">At least one panel.</param>
    /// <param name="title">A heading above the panels, or null.</param>
    /// <exception cref="ArgumentException">There is no panel.</exception>
    public static string Svg(IReadOnlyList<ChartPanel> panels, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A chart needs at least one panel.", nameof(panels));
        }

        int head = title is null ? 0 : 24;
        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PanelWidth * panels.Count}\" height=\"{PanelHeight + head}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        if (title is not null)
        {
            Append(svg, $"<text x=\"{PanelWidth * panels.Count / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        }

        for (int p = 0; p < panels.Count; p++)
        {
            DrawPanel(svg, panels[p], p * PanelWidth, head);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void DrawPanel(StringBuilder svg, ChartPanel panel, int x0, int y0)
    {
        int plotWidth = PanelWidth - Left - Right;
        double left = x0 + Left, top = y0 + Top, bottom = top + PlotHeight;
        (double xMin, double xMax, double yMin, double yMax) = Bounds(panel);
        double[] xTicks = Ticks(xMin, xMax, 6);
        double[] yTicks = Ticks(yMin, yMax, 5);
        xMin = Math.Min(xMin, xTicks[0]);
        xMax = Math.Max(xMax, xTicks[^1]);
        yMin = Math.Min(yMin, yTicks[0]);
        yMax = Math.Max(yMax, yTicks[^1]);
        double X(double x) => left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Y(double y) => bottom - ((y - yMin) / (yMax - yMin) * PlotHeight);

        Append(svg, $"<text x=\"{left + (plotWidth / 2.0):F1}\" y=\"{y0 + 20}\" text-anchor=\"middle\" font-size=\"13\">{Escape(panel.Title)}</text>\n");
        foreach (double tick in yTicks)
        {
            Append(svg, $"<line x1=\"{left:F1}\" x2=\"{left + plotWidth:F1}\" y1=\"{Y(tick):F1}\" y2=\"{Y(tick):F1}\" stroke=\"#e8e8e8\"/>\n");
            Append(svg, $"<text x=\"{left - 4:F1}\" y=\"{Y(tick) + 4:F1}\" text-anchor=\"end\">{Format(tick)}</text>\n");
        }

        foreach (double tick in xTicks)
        {
            Append(svg, $"<text x=\"{X(tick):F1}\" y=\"{bottom + 14:F1}\" text-anchor=\"middle\">{Format(tick)}</text>\n");
        }

        Append(svg, $"<rect x=\"{left:F1}\" y=\"{top:F1}\" width=\"{plotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"black\"/>\n");
        Append(svg, $"<text x=\"{left + (plotWidth / 2.0):F1}\" y=\"{bottom + 30:F1}\" text-anchor=\"middle\">{Escape(panel.XLabel)}</text>\n");
        if (panel.MarkX is double mark && double.IsFinite(mark))
        {
            Append(svg, $"<line x1=\"{X(mark):F1}\" x2=\"{X(mark):F1}\" y1=\"{top:F1}\" y2=\"{bottom:F1}\" stroke=\"#888888\" stroke-dasharray=\"3 3\"/>\n");
            if (panel.MarkLabel is not null)
            {
                bool nearRight = X(mark) > left + (0.75 * plotWidth); // label on the side with room
                Append(svg, $"<text x=\"{X(mark) + (nearRight ? -3 : 3):F1}\" y=\"{top + 12:F1}\" text-anchor=\"{(nearRight ? "end" : "start")}\" fill=\"#555555\">{Escape(panel.MarkLabel)}</text>\n");
            }
        }

        for (int s = 0; s < panel.Series.Count; s++)
        {
            ChartSeries series = panel.Series[s];
            string dash = series.Dashed ? " stroke-dasharray=\"6 3\"" : "";
            var points = new StringBuilder();
            foreach ((double x, double y) in series.Points)
            {
                if (!double.IsFinite(x) || !double.IsFinite(y))
                {
                    Polyline(svg, points, series.Color, dash);
                    continue;
                }

                Append(points, $"{X(x):F1},{Y(y):F1} ");
                if (series.Points.Count == 1)
                {
                    Append(svg, $"<circle cx=\"{X(x):F1}\" cy=\"{Y(y):F1}\" r=\"3\" fill=\"{series.Color}\"/>\n");
                }
            }

            Polyline(svg, points, series.Color, dash);
            double legendY = bottom + 46 + (s / 2 * 14);
            double legendX = left + (s % 2 * (plotWidth / 2.0));
            Append(svg, $"<line x1=\"{legendX:F1}\" x2=\"{legendX + 18:F1}\" y1=\"{legendY - 4:F1}\" y2=\"{legendY - 4:F1}\" stroke=\"{series.Color}\" stroke-width=\"2\"{dash}/>\n");
            Append(svg, $"<text x=\"{legendX + 22:F1}\" y=\"{legendY:F1}\">{Escape(series.Name)}</text>\n");
        }
    }

    private static void Polyline(StringBuilder svg, StringBuilder points, string color, string dash)
    {
        if (points.Length > 0)
        {
            Append(svg, $"<polyline fill=\"none\" stroke=\"{Escape(color)}\" stroke-width=\"2\"{dash} points=\"{points.ToString().TrimEnd()}\"/>\n");
            points.Clear();
        }
    }

    private static (double XMin, double XMax, double YMin, double YMax) Bounds(ChartPanel panel)
    {
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        foreach (ChartSeries series in panel.Series)
        {
            foreach ((double x, double y) in series.Points)
            {
                if (double.IsFinite(x) && double.IsFinite(y))
                {
                    (xMin, xMax) = (Math.Min(xMin, x), Math.Max(xMax, x));
                    (yMin, yMax) = (Math.Min(yMin, y), Math.Max(yMax, y));
                }
            }
        }

        if (xMin > xMax)
        {
            return (0, 1, 0, 1); // nothing to draw: an empty frame
        }

        if (xMax - xMin < 1e-12)
        {
            (xMin, xMax) = (xMin - 1, xMax + 1);
        }

        if (yMax - yMin < 1e-12 * Math.Max(1, Math.Abs(yMax)))
        {
            double pad = Math.Max(Math.Abs(yMax) * 0.05, 1e-6);
            (yMin, yMax) = (yMin - pad, yMax + pad);
        }

        return (xMin, xMax, yMin, yMax);
    }

    /// <summary>Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten, about <paramref name="count"/> of them.</summary>
    internal static double[] Ticks(double min, double max, int count)
    {
        double raw = (max - min) / count;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = (raw / power) switch
        {
            <= 1 => power,
            <= 2 => 2 * power,
            <= 5 => 5 * power,
            _ => 10 * power,
        };
        double first = Math.Floor(min / step) * step;
        double last = Math.Ceiling(max / step) * step;
        int n = (int)Math.Round((last - first) / step) + 1;
        var ticks = new double[n];
        for (int i = 0; i < n; i++)
        {
            ticks[i] = first + (i * step);
        }

        return ticks;
    }

    private static string Format(double value) =>
        Math.Abs(value) < 1e-12 ? "0" : value.ToString(Math.Abs(value) is >= 1e5 or < 1e-3 ? "0.##E+0" : "0.####", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static void Append(StringBuilder builder, FormattableString text) => builder.Append(text.ToString(CultureInfo.InvariantCulture));
}
