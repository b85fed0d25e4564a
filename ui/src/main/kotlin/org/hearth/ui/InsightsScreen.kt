package org.hearth.ui

import org.hearth.shared.GoalText
import org.hearth.shared.Strings
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import org.hearth.ffi.Confidence
import org.hearth.shared.Formatting
import org.hearth.ffi.Insights
import org.hearth.shared.JournalRepository
import org.hearth.shared.MoodChart
import org.hearth.shared.toHearth
import java.time.LocalDate

/** The periods the insights offer, in days. */
val INSIGHT_PERIODS = listOf(7, 30, 90, 365)

/** Insights over the profile: the period chosen here, the figures reloaded when data changes. */
@Composable
fun InsightsScreen(repository: JournalRepository) {
    var days by remember { mutableIntStateOf(30) }
    val today = remember { LocalDate.now().toHearth() }
    val insights by remember(repository, days) { repository.insights(today, days) }.collectAsState(null)
    InsightsContent(insights, days, onDays = { days = it })
}

/**
 * Mood over time, streaks, weekdays, and which activities go with better or worse days: a
 * function of the [insights] for the last [days] (null while they load).
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun InsightsContent(insights: Insights?, days: Int, onDays: (Int) -> Unit) {
    val lineColor = MaterialTheme.colorScheme.primary
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            INSIGHT_PERIODS.forEach { d -> FilterChip(selected = d == days, onClick = { onDays(d) }, label = { Text(Strings.days(d)) }) }
        }
        val data = insights ?: return@Column
        val chart = MoodChart.of(data)
        Canvas(Modifier.fillMaxWidth().height(180.dp).semantics { contentDescription = chart.contentDescription(data) }) {
            if (chart.days <= 1) return@Canvas
            val x = { i: Int -> size.width * i / (chart.days - 1) }
            val y = { mood: Double -> size.height * (1 - ((mood - 1) / 4)).toFloat() }
            chart.segments.forEach { seg ->
                seg.zipWithNext().forEach { (a, b) -> drawLine(lineColor, Offset(x(a.dayIndex), y(a.mean)), Offset(x(b.dayIndex), y(b.mean)), strokeWidth = 4f) }
                seg.forEach { drawCircle(lineColor, 5f, Offset(x(it.dayIndex), y(it.mean))) }
            }
        }
        Text(Strings.checkinsAndMean(data.checkinCount.toInt(), Formatting.mean(data.meanMood)))
        Text(Strings.streak(data.streaks.current.toInt(), data.streaks.longest.toInt()))
        Text(Strings.BY_WEEKDAY, style = MaterialTheme.typography.titleMedium)
        data.weekdays.forEach { w -> Text("${w.weekday.name.lowercase().replaceFirstChar { it.uppercase() }}: ${Formatting.mean(w.mean)} (${w.count})") }
        Text(Strings.ACTIVITIES, style = MaterialTheme.typography.titleMedium)
        data.tags.forEach { t ->
            val diff = if (t.mood.confidence == Confidence.NOT_ENOUGH_DATA) "" else t.mood.difference?.let { " · %+.1f".format(it) } ?: ""
            Text("${t.tag}$diff · ${Formatting.confidence(t.mood.confidence)}")
        }
        if (data.goals.isNotEmpty()) {
            Text(GoalText.GOALS_AND_MOOD, style = MaterialTheme.typography.titleMedium)
            data.goals.forEach { g -> Text(GoalText.effect(g.title, g.mood)) }
        }
        data.instruments.forEach { trend ->
            Text("${trend.instrument.name}: ${trend.points.joinToString { it.score.toString() }}", style = MaterialTheme.typography.bodyMedium)
        }
    }
}
