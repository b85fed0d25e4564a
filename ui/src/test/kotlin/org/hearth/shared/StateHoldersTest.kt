package org.hearth.shared

import kotlinx.coroutines.flow.first
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.HearthClient
import org.hearth.ffi.Instrument
import org.hearth.ffi.createProfileWithKey
import org.hearth.ffi.instrumentInfo
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.LocalDate

/** The shell's state holders over a real profile through the bindings. */
class StateHoldersTest {
    @TempDir
    lateinit var tmp: File
    private lateinit var client: HearthClient
    private lateinit var repository: JournalRepository

    @BeforeEach
    fun open() = runBlocking<Unit> {
        client = createProfileWithKey(File(tmp, "p").path, ByteArray(32) { 1 }, "Sam")
        repository = JournalRepository(client)
    }

    @AfterEach
    fun close() = runBlocking<Unit> { client.closeProfile() }

    @Test
    fun `the check-in form saves, clears, and keeps input when the core refuses it`() = runBlocking<Unit> {
        val form = CheckinForm(repository)
        assertFalse(form.current.value.canSave)
        assertFalse(form.save())
        assertEquals("Choose a mood first.", form.current.value.error)

        form.setMood(4)
        form.toggleEmotion("calm")
        form.addTag("walk")
        form.addTag(" Walk ") // the same tag again
        form.setSleep(7.5)
        form.setNote("slept well")
        assertEquals(listOf("walk"), form.current.value.tags)
        assertTrue(form.save())
        val saved = checkNotNull(form.current.value.saved)
        assertEquals(4, saved.mood.toInt())
        assertEquals(listOf("calm"), saved.emotions)
        assertNull(form.current.value.mood)

        // Sleep beyond 24 h: the core says why, the form keeps what was typed.
        form.setMood(3)
        form.setSleep(30.0)
        form.setNote("keep me")
        assertFalse(form.save())
        assertTrue(form.current.value.error!!.contains("sleep"), form.current.value.error)
        assertEquals("keep me", form.current.value.note)
        assertEquals(3, form.current.value.mood)
    }

    @Test
    fun `lists reload when the journal changes`() = runBlocking<Unit> {
        withTimeout(10_000) {
            val seen = java.util.concurrent.LinkedBlockingQueue<Int>()
            val job = launch(Dispatchers.Default) { repository.recentCheckins().collect { seen.put(it.size) } }
            assertEquals(0, seen.poll(5, TimeUnit.SECONDS)) // the first load
            repository.addCheckin(org.hearth.ffi.CheckinDraft(mood = 2u))
            assertEquals(1, seen.poll(5, TimeUnit.SECONDS))
            repository.addEntry(org.hearth.ffi.EntryDraft(body = "not a check-in"))
            assertNull(seen.poll(300, TimeUnit.MILLISECONDS)) // entries do not reload check-ins
            job.cancel()
        }
    }

    @Test
    fun `a PHQ-9 with item 9 positive leads to the safety step`() = runBlocking<Unit> {
        val phq9 = instrumentInfo().first { it.instrument == Instrument.PHQ9 }
        val flow = SurveyFlow(repository, phq9)
        repeat(8) { flow.answer(it, 0) }
        assertFalse((flow.step.value as SurveyStep.Answering).complete)
        assertTrue(flow.submit() is SurveyStep.Answering) // not yet complete: nothing saved
        flow.answer(8, 2)
        val safety = flow.submit() as SurveyStep.Safety
        assertTrue(safety.guidance.contains("988"))
        assertEquals(2u, safety.result.score)

        val who5 = SurveyFlow(repository, instrumentInfo().first { it.instrument == Instrument.WHO5 })
        repeat(5) { who5.answer(it, 5) }
        assertTrue(who5.submit() is SurveyStep.Done)

        // Both results are in the history, the newest first.
        val history = repository.surveyHistory().first()
        assertEquals(listOf(Instrument.WHO5, Instrument.PHQ9), history.map { it.instrument })
        assertEquals(listOf(100u, 2u), history.map { it.score }) // WHO-5 scores as a percentage

        // A refusal (here: the profile was closed) keeps the answers and says why; no crash.
        val gad7 = SurveyFlow(repository, instrumentInfo().first { it.instrument == Instrument.GAD7 })
        repeat(7) { gad7.answer(it, 1) }
        client.closeProfile()
        val refused = gad7.submit() as SurveyStep.Answering
        assertEquals(List(7) { 1 }, refused.answers)
        assertEquals(ErrorText.of(org.hearth.ffi.HearthException.Closed()), refused.error)
    }

    @Test
    fun `the insights flow draws a chart with gaps where days are missing`() = runBlocking<Unit> {
        val today = LocalDate.now()
        client.addSampleData("Europe/Dublin", today.toHearth(), 30u, 3uL)
        val insights = repository.insights(today.toHearth(), 30).first()
        val chart = MoodChart.of(insights)
        assertEquals(30, chart.days)
        val points = chart.segments.flatten()
        assertEquals(insights.byDay.size, points.size)
        assertTrue(points.all { it.mean in 1.0..5.0 && it.dayIndex in 0 until 30 })
        // Segments break exactly where a day is missing.
        chart.segments.forEach { seg -> seg.zipWithNext().forEach { (a, b) -> assertEquals(a.dayIndex + 1, b.dayIndex) } }
        assertTrue(chart.contentDescription(insights).startsWith("Mood chart: ${insights.checkinCount} check-ins"))
    }
}
