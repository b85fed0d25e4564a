package org.hearth.shared

import org.hearth.ffi.Insights

/** One point of the mood chart: days since the range's first day, and the mean mood then. */
data class ChartPoint(val dayIndex: Int, val mean: Double)

/** The mood chart, ready to draw: points in order, and runs separated where days are missing. */
data class MoodChart(val days: Int, val segments: List<List<ChartPoint>>) {
    /** What a screen reader says for the chart. */
    fun contentDescription(insights: Insights): String =
        Strings.moodChart(insights.checkinCount.toInt(), Formatting.mean(insights.meanMood))

    companion object {
        /** Builds the chart of [insights] by day; a day with no check-in breaks the line. */
        fun of(insights: Insights): MoodChart {
            val first = insights.since?.toJava() ?: insights.byDay.firstOrNull()?.start?.toJava()
                ?: return MoodChart(0, emptyList())
            val last = insights.until.toJava()
            val days = (java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1).toInt().coerceAtLeast(0)
            val segments = mutableListOf<MutableList<ChartPoint>>()
            var previous: Int? = null
            for (day in insights.byDay) {
                val index = java.time.temporal.ChronoUnit.DAYS.between(first, day.start.toJava()).toInt()
                if (previous == null || index != previous + 1) segments += mutableListOf<ChartPoint>()
                segments.last() += ChartPoint(index, day.mean)
                previous = index
            }
            return MoodChart(days, segments)
        }
    }
}
