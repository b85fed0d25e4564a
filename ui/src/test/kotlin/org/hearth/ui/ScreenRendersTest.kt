package org.hearth.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.ui.unit.dp
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.Modifier
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.CircleState
import org.hearth.ffi.Instrument
import org.hearth.ffi.createProfileWithKey
import org.hearth.ffi.createProfileWithPassphrase
import org.hearth.shared.AppLockPolicy
import org.hearth.shared.CircleRepository
import org.hearth.shared.acceptTalk
import org.hearth.shared.askToTalk
import org.hearth.shared.GoalFormState
import org.hearth.shared.GoalsRepository
import org.hearth.ffi.GoalDraft
import org.hearth.ffi.GoalOutcome
import org.hearth.ffi.GoalPlan
import org.hearth.ffi.GoalShareChoice
import org.hearth.ffi.Weekday
import org.hearth.shared.InviteDraft
import org.hearth.shared.InviteRepository
import org.hearth.shared.PassphraseGate
import org.hearth.shared.toHearth
import org.hearth.testing.TestRelay
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.hearth.ffi.CircleRule
import org.hearth.ffi.RuleAction
import org.hearth.ffi.RuleCheck
import org.hearth.shared.setCircleRules
import org.hearth.shared.circleRules
import org.junit.rules.TemporaryFolder
import java.io.File
import java.time.LocalDate
import java.time.ZoneId

/**
 * Every main screen rendered to PNG from a scripted scenario with realistic data (60 days of
 * check-ins, a questionnaire, a circle with two people talking, an invite code), phone-sized
 * and desktop-sized, light and dark: how the screens are looked at on a machine without a
 * display. Into the folder `hearth.render` names (scripts/render-screens.sh), else a temporary
 * one; either way each image must show a screen, not a blank.
 */
class ScreenRendersTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun every_main_screen_renders_with_realistic_data() = runBlocking<Unit> {
        val folder = System.getProperty("hearth.render")?.takeIf { it.isNotBlank() }?.let(::File) ?: tmp.newFolder("renders")
        folder.mkdirs()
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        TestRelay(tmp.newFolder("relay")).use { relay ->
            val fernDir = File(tmp.root, "fern")
            createProfileWithPassphrase(fernDir.path, "fern's long passphrase", "Fern").closeProfile()
            val model = AppModel(PassphraseGate(fernDir.path), AppLockPolicy(), RecordingPlatform(), scope)
            val platform = RecordingPlatform()

            model.start()
            withTimeout(20_000) { model.current.first { it is AppState.Gate } }
            renderSizes(folder, "unlock") { HearthApp(model, platform, dark = it, onUnlock = {}, onQuickExit = {}) }
            model.unlockWith("fern's long passphrase").join()
            val open = withTimeout(20_000) { model.current.first { it is AppState.Open } } as AppState.Open
            val fern = open.journal.client
            fern.addSampleData(ZoneId.systemDefault().id, LocalDate.now().toHearth(), 60u, 7uL)
            fern.recordSurvey(Instrument.WHO5, listOf(3u, 3u, 2u, 3u, 4u), null)

            // A circle with two people in it, talking.
            val circles = CircleRepository(fern)
            circles.connect(relay.url)
            val ash = createProfileWithKey(File(tmp.root, "ash").path, ByteArray(32) { 2 }, "Ash")
            val ashCircles = CircleRepository(ash)
            val ashDevice = ashCircles.connect(relay.url)
            val circle = circles.createCircle("Tuesday evening circle", "A quiet hour for parents of teenagers.", "Listen first. What is said here stays here.")
            circles.addMember(circle.circleId, ashDevice)
            withTimeout(30_000) {
                while (ash.circles().none { it.circleId == circle.circleId }) { ashCircles.syncNow(); delay(200) }
            }
            ashCircles.acceptInvitation(circle.circleId)
            ashCircles.acceptGuidelines(circle.circleId, ash.circle(circle.circleId).guidelinesVersion)
            circles.send(circle.circleId, "Welcome, Ash. Glad you found us.")
            ashCircles.syncNow()
            ashCircles.send(circle.circleId, "Thank you. This week was a long one.")
            withTimeout(30_000) {
                while (fern.circleMessages(circle.circleId, 0uL, 50u).none { it.body.startsWith("Thank you") }) { circles.syncNow(); delay(200) }
            }
            InviteRepository(fern).create(circle.circleId, InviteDraft.Choice(lifetimeSeconds = 86_400uL, autoAdmit = false, label = "for Sam"))

            // Two goals with some weeks of log, and one goal's week shared to the circle.
            val today = LocalDate.now()
            val walk = fern.addGoal(
                GoalDraft("Walk 20 minutes", "It clears my head", GoalPlan.Weekdays(Weekday.entries.toList()), null, today.minusDays(20).toHearth()),
                today.toHearth(),
            )
            for (i in 1L..20L) {
                if (i % 4 != 0L) fern.logGoal(walk.id, today.minusDays(i).toHearth(), if (i % 5 == 0L) GoalOutcome.PARTLY else GoalOutcome.DONE, null)
            }
            val call = fern.addGoal(GoalDraft("Call a friend", null, GoalPlan.TimesPerWeek(2u), null, today.minusDays(14).toHearth()), today.toHearth())
            fern.logGoal(call.id, today.toHearth(), GoalOutcome.DONE, null)
            GoalsRepository(fern).share(circle.circleId, walk.id, today.toHearth(), GoalShareChoice(why = true, streak = true))
            renderSizes(folder, "goal-new") {
                InApp(platform, it) { NewGoalDialog(GoalFormState(title = "Walk 20 minutes", why = "It clears my head", remind = true), {}, {}, {}) }
            }

            for (tab in Tab.entries) {
                renderSizes(folder, tab.name.lowercase()) { HearthApp(model, platform, dark = it, onUnlock = {}, onQuickExit = {}, startTab = tab) }
            }
            // The circle meets weekly from tomorrow and follows a programme: the chat shows week one.
            val weekly = circles.addSession(circle.circleId, "Tuesday evening circle", "${today.plusDays(1)}T19:00", ZoneId.systemDefault().id, 60u, org.hearth.ffi.Repeat.WEEKLY)
            withTimeout(30_000) {
                while (fern.circleSessions(circle.circleId).none { it.id == weekly }) { circles.syncNow(); delay(200) }
            }
            fern.attachProgramme(circle.circleId, org.hearth.ffi.exampleProgrammes().first(), weekly)
            withTimeout(30_000) {
                while (fern.programmeTopics(circle.circleId, null, 1u).isEmpty()) { circles.syncNow(); delay(200) }
            }
            renderSizes(folder, "chat") { InApp(platform, it) { CircleChatScreen(circles, circle.circleId, onBack = {}) } }
            // Ash asks Fern for a private talk: the request shows above the chat, then the talk.
            val fernKey = ash.circleMembers(circle.circleId).first { !it.isMe }.key
            ashCircles.askToTalk(circle.circleId, fernKey, "Could we talk after the meeting?")
            ashCircles.syncNow()
            val asked = withTimeout(30_000) {
                var found = fern.talks(circle.circleId).firstOrNull()
                while (found == null) { circles.syncNow(); delay(200); found = fern.talks(circle.circleId).firstOrNull() }
                found
            }
            renderSizes(folder, "talk-request") { InApp(platform, it) { CircleChatScreen(circles, circle.circleId, onBack = {}) } }
            val talk = circles.acceptTalk(asked)
            circles.syncNow()
            withTimeout(30_000) {
                while (ash.circles().none { it.circleId == talk }) { ashCircles.syncNow(); circles.syncNow(); delay(200) }
            }
            ashCircles.send(talk, "Thank you for making time. Tuesdays are hard.")
            withTimeout(30_000) {
                while (fern.circleMessages(talk, 0uL, 50u).none { it.body.startsWith("Thank you for making") }) {
                    ashCircles.syncNow(); circles.syncNow(); delay(200)
                }
            }
            renderSizes(folder, "talk") { InApp(platform, it) { CircleChatScreen(circles, talk, onBack = {}) } }
            // The circle's own rules: a link outside the NHS is flagged for Fern.
            circles.setCircleRules(
                circle.circleId,
                listOf(
                    CircleRule(RuleCheck.Phrases(listOf("diet pills")), RuleAction.HOLD, "We don't talk about diet products here."),
                    CircleRule(RuleCheck.Links(listOf("nhs.uk")), RuleAction.FLAG, "Links outside the NHS are looked at by a facilitator."),
                ),
            )
            withTimeout(30_000) {
                while (ash.circleRules(circle.circleId).size < 2) { circles.syncNow(); ashCircles.syncNow(); delay(200) }
            }
            ashCircles.send(circle.circleId, "This page helped me sleep: https://example.com/sleep")
            withTimeout(30_000) {
                while (fern.circle(circle.circleId).flagged == 0u) { ashCircles.syncNow(); circles.syncNow(); delay(200) }
            }
            val ruled = fern.circle(circle.circleId)
            renderSizes(folder, "rules") { InApp(platform, it) { RulesDialog(circles, ruled, onDismiss = {}) } }
            val adding = RulesState(
                circles.circleRules(circle.circleId), canEdit = true, moderates = true,
                draft = org.hearth.shared.RuleDraft(org.hearth.shared.RuleForm.RATE, "5/60", true, "Give everyone a turn."),
            )
            renderSizes(folder, "rules-add") { InApp(platform, it) { RulesContent(adding, IgnoredRules) } }
            // Finding a circle: a trusted directory's circles by topic, and the answers that came.
            val finding = FindCircleState(
                listings = aListing(),
                sent = listOf(
                    aRequest(1, org.hearth.ffi.SentRequestState.INVITED, "Welcome, see you Tuesday."),
                    aRequest(2, org.hearth.ffi.SentRequestState.WAITING, null),
                ),
            )
            renderSizes(folder, "find-circle") { InApp(platform, it) { FindCircleContent(finding, IgnoredFind) } }
            val group = aBreakout()
            renderSizes(folder, "breakouts") {
                InApp(platform, it) {
                    BreakoutsContent(
                        BreakoutsState(
                            listOf(group), canStart = true, shown = group,
                            messages = listOf(
                                org.hearth.ffi.BreakoutMessage("m1", "Birch", false, "How was your week?", 1L),
                                org.hearth.ffi.BreakoutMessage("m2", "Ash", true, "Better than the last one.", 2L),
                            ),
                            nowMs = group.endsAtMs - 12 * 60_000,
                        ),
                        IgnoredBreakouts,
                    )
                }
            }
            renderSizes(folder, "join-requests") {
                InApp(platform, it) { JoinRequestsContent(JoinRequestsState(aRequestsList()), IgnoredAnswers) }
            }
            renderSizes(folder, "find-circle-ask") {
                InApp(platform, it) { FindCircleContent(finding.copy(asking = aListing().circles[0]), IgnoredFind) }
            }
            // The newest posts as Fern's phone shows them: Ash's flagged link, and how a post
            // that should have been held (sent by a modified phone) shows collapsed.
            val newest = fern.latestCircleMessages(circle.circleId, 2u)
            val collapsed = newest.last().copy(
                id = "held", body = "diet pills worked for me",
                breach = org.hearth.ffi.RuleBreach(org.hearth.ffi.RuleKind.PHRASES, true, "We don't talk about diet products here."),
            )
            renderSizes(folder, "chat-rules") {
                InApp(platform, it) { ChatContent(ChatState(ruled, newest + collapsed, memberCount = 2), IgnoredChat) }
            }
            renderSizes(folder, "invites") {
                InApp(platform, it) { InvitesScreen(InviteRepository(fern), circle.circleId, circle.name, onBack = {}) }
            }
            // A phone's wake-up settings, and one circle's "wake this phone here" in its members.
            renderSizes(folder, "wakes") {
                InApp(platform, it) {
                    Column(Modifier.padding(16.dp)) {
                        WakesSection(WakesState(via = "ntfy", gateway = "https://push.hearth.example", quiet = true), NoWakes)
                    }
                }
            }
            // Another app's export previewed: a mood word to give a meaning, a row left out.
            val daylio = File("../core/tests/fixtures/foreign/daylio.csv").readBytes()
            val dublin = org.hearth.ffi.ForeignImportOptions("Europe/Dublin", emptyList())
            val preview = fern.previewForeignImport(org.hearth.ffi.ForeignApp.DAYLIO, daylio, dublin)
            renderSizes(folder, "import") {
                InApp(platform, it) {
                    ForeignImportDialog(ForeignImportState(org.hearth.ffi.ForeignApp.DAYLIO, "Europe/Dublin", preview = preview), IgnoredImports)
                }
            }
            val members = fern.circleMembers(circle.circleId)
            val summary = fern.circle(circle.circleId)
            renderSizes(folder, "members") {
                InApp(platform, it) { MembersContent(MembersState(summary, members, canAdd = true, wakes = true), IgnoredMembers) }
            }
            renderSizes(folder, "safety") { InApp(platform, it) { SafetyScreen(fern, "If you are thinking about ending your life, please reach out now.", close = {}) } }
            assertTrue(ash.circle(circle.circleId).state == CircleState.ACTIVE)
            ash.closeProfile()
        }
        scope.cancel()
    }

    private object IgnoredImports : ForeignImportActions {
        override fun choose(app: org.hearth.ffi.ForeignApp) = Unit
        override fun timeZone(text: String) = Unit
        override fun mood(label: String, mood: Int) = Unit
        override fun import() = Unit
        override fun cancel() = Unit
    }

    private object IgnoredBreakouts : BreakoutsActions {
        override fun size(people: Int) = Unit
        override fun minutes(chosen: Int) = Unit
        override fun start() = Unit
        override fun end() = Unit
        override fun show(group: org.hearth.ffi.Breakout) = Unit
        override fun draft(text: String) = Unit
        override fun send() = Unit
        override fun dismiss() = Unit
    }

    private object IgnoredAnswers : JoinRequestsActions {
        override fun openToRequests() = Unit
        override fun invite(request: org.hearth.ffi.ReceivedRequest, message: String) = Unit
        override fun decline(request: org.hearth.ffi.ReceivedRequest, message: String) = Unit
        override fun dismiss() = Unit
    }

    private object IgnoredFind : FindCircleActions {
        override fun addDirectory(url: String, orgKey: String) = Unit
        override fun topic(chosen: String?) = Unit
        override fun ask(circle: org.hearth.ffi.FoundCircle) = Unit
        override fun send(name: String, note: String) = Unit
        override fun cancelAsking() = Unit
        override fun join(request: org.hearth.ffi.SentRequest, name: String) = Unit
        override fun forget(request: org.hearth.ffi.SentRequest) = Unit
        override fun back() = Unit
    }

    private object IgnoredRules : RulesActions {
        override fun startAdding() = Unit
        override fun draft(draft: org.hearth.shared.RuleDraft) = Unit
        override fun add() = Unit
        override fun remove(index: Int) = Unit
        override fun looked(message: org.hearth.ffi.CircleMessage) = Unit
        override fun dismiss() = Unit
    }

    private object IgnoredChat : ChatActions {
        override fun back() = Unit
        override fun invites() = Unit
        override fun reports() = Unit
        override fun meetings() = Unit
        override fun members() = Unit
        override fun messageMenu(message: org.hearth.ffi.CircleMessage) = Unit
        override fun support(message: org.hearth.ffi.CircleMessage) = Unit
        override fun acceptGuidelines() = Unit
        override fun edit(text: String) = Unit
        override fun send() = Unit
        override fun cancelReply() = Unit
        override fun shareCheckin() = Unit
        override fun shareGoal() = Unit
        override fun answer(prompt: String) = Unit
    }

    private object IgnoredMembers : MembersActions {
        override fun act(member: org.hearth.ffi.CircleMember, action: org.hearth.ffi.MemberAction) = Unit
        override fun wakes(on: Boolean) = Unit
        override fun disappearing(seconds: ULong?) = Unit
        override fun closeCircle() = Unit
        override fun deviceId(text: String) = Unit
        override fun add() = Unit
        override fun leave() = Unit
        override fun dismiss() = Unit
    }

    @Composable
    private fun InApp(platform: Platform, dark: Boolean, content: @Composable () -> Unit) {
        CompositionLocalProvider(LocalPlatform provides platform) {
            HearthTheme(dark) { Surface(Modifier.fillMaxSize()) { content() } }
        }
    }
}
