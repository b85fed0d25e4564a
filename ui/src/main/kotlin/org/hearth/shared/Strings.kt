package org.hearth.shared

import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle
import java.util.Locale
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.hearth.ffi.CheckinCard
import org.hearth.ffi.CircleEvent
import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleReport
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Confidence
import org.hearth.ffi.DroppedChange
import org.hearth.ffi.EventPerson
import org.hearth.ffi.HearthException
import org.hearth.ffi.Invite
import org.hearth.ffi.InviteJoin
import org.hearth.ffi.InviteState
import org.hearth.ffi.JoinState
import org.hearth.ffi.MemberAction
import org.hearth.ffi.MessageAction
import org.hearth.ffi.Moment
import org.hearth.ffi.ReportReason
import org.hearth.ffi.Role
import org.hearth.ffi.SessionOccurrence
import org.hearth.ffi.Severity
import org.hearth.ffi.ShareChoice
import org.hearth.ffi.SyncState
import org.hearth.ffi.Undelivered
import org.hearth.ffi.askForANewCodeNotice
import org.hearth.ffi.memberActions
import org.hearth.ffi.messageActions
import org.hearth.ffi.reportReasonLabel
import org.hearth.ffi.reportReasons

/**
 * Every word the shared UI shows, in English, in this one file: the screens' strings
 * ([Strings]), what to say when a call fails ([ErrorText]), invite codes and joins
 * ([InviteText]), a circle's system events ([EventText]), dates, moods and results
 * ([Formatting]), reports, shared cards and meetings ([SafetyText]), and the moderation
 * actions' labels. A translation is one more file like this one. The words the core itself
 * returns (notices, crisis lines, questionnaires) come translated from the core.
 */
object Strings {
    const val TAB_TODAY = "Today"
    const val TAB_JOURNAL = "Journal"
    const val TAB_CIRCLES = "Circles"
    const val TAB_INSIGHTS = "Insights"
    const val TAB_SURVEYS = "Check yourself"
    const val TAB_SETTINGS = "Settings"

    const val OPENING = "Opening your journal…"
    const val LOCKED = "Hearth is locked"
    const val UNLOCK = "Unlock"
    const val QUICK_EXIT = "Quick exit"
    const val QUICK_EXIT_LABEL = "Quick exit: leave and lock Hearth"
    const val EXIT = "Exit"
    const val GET_HELP_NOW = "Get help now"
    const val CRISIS_INTRO = "If things are hard right now, you don't have to wait. These lines are there any time."

    const val WELCOME = "Welcome to Hearth"
    const val WELCOME_KEY_STORE =
        "Your journal stays on this device, encrypted with a key its own key store keeps. No account, no passphrase to remember."
    const val WELCOME_PASSPHRASE =
        "Your journal stays on this computer, encrypted with a passphrase only you know. Nobody can recover it for you."
    const val YOUR_NAME = "What should we call you?"
    const val PASSPHRASE = "Passphrase"
    const val PASSPHRASE_AGAIN = "The same passphrase again"
    const val START = "Start"
    const val FORGOT_PASSPHRASE = "Forgot the passphrase?"
    const val CANT_OPEN = "Hearth can't open your journal"
    const val TRY_AGAIN = "Try again"
    const val START_OVER = "Start over with an empty journal"
    const val START_OVER_TITLE = "Delete the journal here?"
    const val START_OVER_TEXT = "Everything in it will be deleted. You can import an encrypted backup afterwards if you have one."
    const val START_OVER_CONFIRM = "Delete and start over"
    const val CANCEL = "Cancel"
    const val UPDATE_REQUIRED = "Please update Hearth: your journal was saved by a newer version."
    const val DAMAGED = "Part of your journal is damaged. You can restore it from an encrypted backup."

    /** Why the device's key store could not open the journal, and that nothing was changed. */
    fun keyProblem(problem: KeyProblem) = when (problem) {
        KeyProblem.CannotUnwrap -> "This device's secure key store can no longer unlock it. This can happen after the screen lock was reset."
        KeyProblem.KeyMissing -> "The key that unlocks it is missing on this device (its key store or keyring no longer has it)."
        KeyProblem.KeyRejected -> "The key on this device does not match this journal."
    } + " Your journal has not been changed or replaced."

    const val BACK_TO_CIRCLES = "‹ Circles"
    const val GUIDELINES = "Guidelines"
    const val ACCEPT_INVITATION = "Accept and join"
    const val DECLINE_INVITATION = "Decline"

    fun invitationTitle(circle: String) = "Invitation to $circle"

    fun members(count: Int) = if (count == 1) "1 member" else "$count members"

    /** A crisis line's button: its name and how to reach it. */
    fun crisisLine(name: String, details: String) = "$name: $details"

    const val SHARE = "Share"
    const val COPIED = "Copied. Paste it where you talk to them."

    // The circles list.
    const val YOUR_DEVICE_ID = "Your device id (a facilitator adds you with it):"
    const val JOIN_WITH_CODE = "Join with a code"
    const val NEW_CIRCLE = "New circle"
    const val CHECK_NOW = "Check now"
    const val NO_CIRCLES = "No circles yet. Join one with a code from its facilitator, or create one."
    const val NEEDS_RELAY = "Circles need a relay"
    const val RELAY_SEES_NOTHING = "The relay only carries encrypted messages. It never sees what you write, your name, or your circles."
    const val RELAY_ADDRESS = "Relay address"
    const val CONNECT = "Connect"
    const val DEFAULT_GUIDELINES = "Be kind. What is shared here stays here."
    const val CIRCLE_NAME = "Name"
    const val CIRCLE_DESCRIPTION = "Description"
    const val NEW_CIRCLE_NOTE = "Only members can read these. You will be the facilitator."
    const val CREATE = "Create"

    /** How this device stands with the relay. */
    fun connection(state: SyncState?) = when (state) {
        null, SyncState.Syncing -> "Syncing…"
        SyncState.Online -> "Up to date"
        is SyncState.Offline -> "Offline. Nothing is lost; retrying in ${state.retryInMs.toLong() / 1000 + 1} s."
    }

    /** A circle's line under its name in the list. */
    fun circleStatus(circle: CircleSummary) = when (circle.state) {
        CircleState.ACTIVE -> members(circle.memberCount.toInt()) + if (circle.waiting > 0u) " · sending…" else ""
        CircleState.LEFT -> "You left this circle"
        CircleState.REMOVED -> "You were removed from this circle"
        CircleState.STALLED -> askForANewCodeNotice()
        CircleState.CLOSED -> "Closed by its facilitator"
        CircleState.INVITED -> "An invitation: open it to accept or decline"
    }

    // Settings.
    const val REMINDERS = "Reminders"
    const val REMINDERS_PRIVATE = "Notifications only say \"A moment to check in?\" and show nothing on the lock screen."
    const val REMIND_ME = "Remind me"
    const val REMINDER_TIME = "Time (HH:MM)"
    const val REMINDERS_OFF = "Reminders off."
    const val BACKUP_AND_EXPORT = "Backup and export"
    const val BACKUP_PASSPHRASE = "Backup passphrase (8+ characters)"
    const val SAVE_BACKUP = "Save encrypted backup"
    const val RESTORE_BACKUP = "Restore a backup"
    const val EXPORT_JSON = "Export as JSON"
    const val EXPORT_CSV = "Export check-ins as CSV"
    const val BACKUP_SAVED = "Encrypted backup saved."
    const val JSON_EXPORTED = "Journal exported (not encrypted)."
    const val CSV_EXPORTED = "Check-ins exported (not encrypted)."
    const val THIS_DEVICE = "This device"
    const val DELETE_EVERYTHING_ELLIPSIS = "Delete everything…"
    const val DELETE_EVERYTHING_TITLE = "Delete everything?"
    const val DELETE_EVERYTHING_TEXT = "Your journal, your circles' history and your keys are deleted from this device, and you leave every " +
        "circle. It cannot be undone. An encrypted backup you saved stays wherever you saved it."
    const val DELETE_EVERYTHING = "Delete everything"
    const val RELAY_UNREACHABLE = "The relay can't be reached"
    const val DELETE_DEVICE_ONLY_TEXT = "Nothing was deleted. You can delete everything from this device only; the relay keeps this " +
        "device's encrypted records until they expire."
    const val DELETE_DEVICE_ONLY = "Delete from this device only"

    // History from other apps.
    const val BRING_YOUR_HISTORY = "Bring your history"
    const val BRING_YOUR_HISTORY_DETAIL = "Import check-ins from another mood app's export. You see what comes in before anything is saved, " +
        "and importing the same file again adds nothing."
    const val FROM_DAYLIO = "From Daylio…"
    const val FROM_BEARABLE = "From Bearable…"
    const val IMPORT_TIME_ZONE = "Time zone of the export"
    const val IMPORT_MOODS = "Your moods"
    const val IMPORT = "Import"
    const val IMPORT_NEEDS_MOODS = "Say which mood each of your words means, from 1 (very low) to 5 (very good)."

    /** The title of the preview of [app]'s export. */
    fun importFrom(app: String) = "From $app"

    /** What an export holds, in the preview. */
    fun importHolds(checkins: Int, entries: Int, from: String?, to: String?, alreadyHere: Int): String {
        val days = if (from != null && to != null) ", $from to $to" else ""
        val here = if (alreadyHere > 0) ". $alreadyHere of them are here already" else ""
        return "$checkins check-ins and $entries journal entries$days$here."
    }

    /** A mood word and what it becomes. */
    fun moodWordIs(label: String, mood: Int) = "\"$label\" is $mood of 5"

    /** A mood word that needs its meaning, and how many check-ins wait on it. */
    fun moodWordNeeds(label: String, rows: Int) = "\"$label\" (${if (rows == 1) "1 check-in" else "$rows check-ins"}) means:"

    /** The tags an import brings. */
    fun importTags(tags: List<String>) = "Tags: " + tags.joinToString(", ")

    /** The content description of a mood choice for a word. */
    fun moodWordChoice(label: String, mood: Int) = "$label means $mood"

    /** Something Hearth does not keep. */
    fun leftOut(what: String, rows: Int) = "Not kept: $what ($rows)"

    /** A row that cannot be read. */
    fun rowProblem(line: Long, reason: String) = "Line $line left out: $reason"

    /** More rows that cannot be read than are shown. */
    fun moreProblems(n: Int) = "and $n more rows left out"

    /** What an import brought. */
    fun imported(app: String, checkins: Int, entries: Int, alreadyHere: Int) =
        "Imported $checkins check-ins and $entries journal entries from $app" + if (alreadyHere > 0) " ($alreadyHere were here already)." else "."

    // Wake-ups.
    const val WAKE_UPS = "Wake-ups"
    const val WAKES_NOT_NEEDED = "This computer stays connected while Hearth is open, so it needs no wake-ups."
    const val WAKES_EXPLAINED = "When Hearth is closed, a push gateway can wake this phone for new messages. A wake carries " +
        "nothing: no circle, sender or text. The phone then fetches what is new and decides whether to tell you."
    const val PUSH_GATEWAY = "Push gateway address"
    const val TURN_ON_WAKES = "Turn on wake-ups"
    const val TURN_OFF_WAKES = "Turn off wake-ups"
    const val WAKES_TURNED_ON = "Wake-ups on. Each circle leaves its wake ticket at the next sync."
    const val WAKES_TURNED_OFF = "Wake-ups off. Nothing wakes this phone now."
    const val NAME_CIRCLES = "Name the circle in notifications"
    const val NAME_CIRCLES_DETAIL = "Off: notifications say only \"New messages in Hearth\", which is safer on a lock screen."
    const val QUIET_HOURS = "Quiet hours"
    const val QUIET_HOURS_DETAIL = "No notifications in these hours; the next wake after them tells you what came."
    const val QUIET_FROM = "From (HH:MM)"
    const val QUIET_UNTIL = "Until (HH:MM)"
    const val PER_CIRCLE_WAKES = "To stop one circle waking this phone, open that circle's members and turn its wake-ups off."
    const val WAKE_ME_HERE = "Wake this phone for new messages here"
    const val WAKE_ME_HERE_DETAIL = "Off: this circle's messages wait until you open Hearth."
    const val NO_PUSH_SERVICE = "This phone has no push service Hearth can use. Install a UnifiedPush distributor " +
        "such as ntfy, then try again."
    const val PUSH_SERVICE_SILENT = "The push service did not answer. Check your connection and try again."
    const val DISTRIBUTOR_TOO_OLD = "Your UnifiedPush distributor is too old to encrypt wake-ups. Please update it."
    const val WAKE_WHILE_LOCKED = "Hearth may have new messages. Open it to see."
    const val WAKES_HERE_ON = "New messages here wake this phone again."
    const val WAKES_HERE_OFF = "This circle no longer wakes this phone."

    /** Wake-ups are on: through which gateway and push service. */
    fun wakesOn(gateway: String, via: String) = "On, through $gateway and $via."

    fun reminderSet(time: String) = "Reminder set for $time."

    fun restored(checkins: Int, entries: Int, questionnaires: Int) =
        "Restored $checkins check-ins, $entries entries, $questionnaires questionnaires."

    /** The relay this device uses, in the settings. */
    fun relay(url: String?) = url?.let { "Circles go through the relay at $it. It sees only encrypted messages." } ?: "Not connected to a relay."

    // Questionnaires.
    const val SURVEYS_INTRO = "Short, validated questionnaires. Your answers stay on this device."
    const val YOUR_RESULTS = "Your results"
    const val SEE_MY_RESULT = "See my result"
    const val SCREENING_NOT_DIAGNOSIS =
        "This is a screening result, not a diagnosis. If it worries you, talk to someone you trust or a professional."
    const val DONE = "Done"
    const val NOT_ALONE = "You're not alone"
    const val SAFE_FOR_NOW = "I'm safe for now"

    fun questionnaireItem(index: Int, text: String) = "${index + 1}. $text"

    fun surveyScore(name: String, score: Int, max: Int) = "$name: $score of $max"

    fun surveyResult(at: String, name: String, score: Int, max: Int, band: String) = "$at · $name: $score of $max, $band"

    // Invite codes (facilitators).
    const val INVITE_CODES = "Invite codes"
    const val INVITE_CODES_PRIVATE = "Each code works once. The relay never learns the code, the circle, or who joins."
    const val NEW_CODE = "New code"
    const val NO_CODES = "No codes yet."
    const val SHOW = "Show"
    const val WITHDRAW = "Withdraw"
    const val DECLINE = "Decline"
    const val NEW_INVITE_CODE = "New invite code"
    const val WORKS_FOR = "Works for"
    const val AUTO_ADMIT = "Let people in without asking me"
    const val AUTO_ADMIT_OFF = "Off: you approve each person after they use the code."
    const val PRIVATE_NOTE = "Private note (for you only)"
    const val PRIVATE_NOTE_EXAMPLE = "for Sam"
    const val MAKE_CODE = "Make code"
    const val INVITE_CODE = "Invite code"
    const val QR_CODE_LABEL = "QR code of the invite link"

    fun backTo(place: String) = "‹ $place"

    fun codeNamed(nameplate: String) = "Code $nameplate"

    fun letIn(name: String?) = "Let ${name ?: "them"} in"

    fun charactersLeft(count: Int) = "$count characters left"

    fun giveOnlyTo(autoAdmit: Boolean) =
        "Give it only to the person it is for: whoever uses it first " + if (autoAdmit) "gets in." else "can join once you approve."

    // Joining with a code.
    const val JOIN_A_CIRCLE = "Join a circle"
    const val CODE = "Code"
    const val CODE_EXAMPLE = "7KQ2M9-XD4F-PW8T"
    const val YOUR_NAME_HERE = "Your name in this circle"
    const val JOIN = "Join"
    const val YOUR_CODES = "Your codes"

    // A circle's chat.
    const val REPORTS = "Reports"
    const val MEETINGS = "Meetings"
    const val CIRCLE_CLOSED = "This circle was closed by its facilitator. Its history stays on this device."
    const val NO_LONGER_IN_CIRCLE = "You're no longer in this circle. Its history stays on this device."
    const val MESSAGE = "Message"
    const val SEND = "Send"
    const val SHARE_A_CHECKIN = "Share a check-in"
    const val SUPPORT_OPTIONS = "Support options"
    const val SEND_ANYWAY = "Send anyway"
    const val RISK_IN_DRAFT =
        "It sounds like things may be really hard right now. If you'd like to talk to someone, these lines are there any time."
    const val REPLY = "Reply"
    const val CLOSE = "Close"
    const val GUIDELINES_PLEASE_READ = "Please read them before you post. You can read the chat meanwhile."
    const val GUIDELINES_NONE = "This circle has no written guidelines yet."
    const val GUIDELINES_AGREE = "I've read them and agree"

    fun invite(waiting: Int) = if (waiting > 0) "Invite · $waiting waiting" else "Invite"

    fun disappearing(after: String) = "Messages disappear $after after they arrive."

    fun pinned(sender: String?, text: String) = "📌 ${sender ?: "You"}: $text"

    fun sender(fromMe: Boolean, name: String?) = if (fromMe) "You" else name ?: "Someone"

    /** What a screen reader says for a message. */
    fun messageLabel(sender: String?, body: String) = "${sender ?: "Someone"}: $body"

    fun repliedTo(text: String) = "↪ $text"

    fun replyingTo(sender: String?, text: String) = "Replying to ${sender ?: "you"}: $text"

    /** A message's line under it: sending, edited, or its time. */
    fun messageStatus(delivered: Boolean, edited: Boolean, time: String) = when {
        !delivered -> "sending…"
        edited -> "edited · $time"
        else -> time
    }

    fun riskInMessage(sender: String?) =
        "${sender ?: "Someone"} may be going through a lot. If anyone is in danger, these lines can help — for them or for you."

    fun guidelinesVersion(version: Int) = "Circle guidelines · version $version"

    // Today: the check-in.
    const val HOW_ARE_YOU = "How are you feeling?"
    const val ENERGY = "Energy"
    const val EMOTIONS = "Emotions"
    const val ACTIVITIES_AND_TAGS = "Activities and tags"
    const val ADD_A_TAG = "Add a tag"
    const val ADD = "Add"
    const val HOURS_SLEPT = "Hours slept"
    const val PRIVATE_NOTE_CHECKIN = "A private note"
    const val CHECKIN_SAVED = "Saved. Thank you for checking in."
    const val SAVE_CHECKIN = "Save check-in"
    const val RISK_IN_NOTE = "Your note is saved and private. It sounds like things may be really hard right now; " +
        "if you'd like to talk to someone, these lines are there any time."

    fun energyLevel(level: Int) = "Energy $level of 5"

    fun removeTag(tag: String) = "Tag $tag, tap to remove"

    fun sleep(hours: String?) = "Sleep: " + (hours ?: "not set")

    // The journal.
    const val SEARCH_JOURNAL = "Search your journal"
    const val WRITE_ENTRY = "Write an entry"
    const val DELETE_CHECKIN = "Delete check-in"
    const val DELETE_CHECKIN_TITLE = "Delete this check-in?"
    const val DELETE_CHECKIN_TEXT = "Entries written with it stay; they are no longer linked to it."
    const val DELETE_ENTRY_TITLE = "Delete this entry?"
    const val DELETE = "Delete"
    const val KEEP = "Keep"
    const val YOUR_ENTRY = "Your entry"
    const val SAVE = "Save"

    fun checkinSummary(mood: String, slept: String?) = "Mood: $mood" + (slept?.let { " · slept $it" } ?: "")

    // Insights.
    const val BY_WEEKDAY = "By weekday"
    const val ACTIVITIES = "Activities"

    fun days(count: Int) = "$count days"

    fun checkinsAndMean(count: Int, mean: String) = "$count check-ins · average mood $mean"

    fun streak(current: Int, longest: Int) = "Streak: $current days (longest $longest)"

    // Crisis support.
    const val NOT_ALONE_TITLE = "You don't have to face this alone"
    const val TELL_MY_FACILITATORS = "Let my facilitators know"
    const val FACILITATORS_TOLD = "Your facilitators will know you'd like support. Only they can read it."
    const val NOBODY_TOLD = "This stays on this device. Nobody was told."
    const val EMERGENCY_FALLBACK = "If you are in danger, call your local emergency number."

    fun tellFacilitatorsOf(circle: String) = "Let the facilitators of $circle know"

    fun facilitatorsOfTold(circle: String) = "The facilitators of $circle will know you'd like support. Only they can read it."

    // Reports, sharing a check-in, meetings.
    const val REPORT_SENT = "Report sent"
    const val REPORT_TITLE = "Report to the facilitators"
    const val REPORT_PRIVATE = "Only the circle's facilitators can read a report. Nobody else can tell it was made."
    const val REPORT_COMMENT = "Anything they should know (optional)"
    const val SEND_REPORT = "Send report"
    const val NO_REPORTS = "No reports."
    const val NO_OPEN_REPORTS = "No open reports."
    const val MARK_HANDLED = "Mark handled"
    const val OPEN_AGAIN = "Open again"
    const val SHOW_HANDLED = "Show handled reports"
    const val NO_CHECKINS_YET = "You have no check-ins yet."
    const val TAGS = "Tags"
    const val SLEEP = "Sleep"
    const val MY_NOTE = "My note"
    const val SHARED_WITH_CIRCLE = "Shared with the circle."
    const val NO_MEETINGS = "No meetings scheduled."
    const val MEETING_REMINDER = "You'll get a reminder 30 minutes before each one."
    const val CANCELLING = "Cancelling."
    const val SCHEDULE_A_MEETING = "Schedule a meeting"
    const val MEETING_TITLE = "Title"
    const val MEETING_START = "First start (2026-11-24T19:00)"
    const val MEETING_MINUTES = "Minutes"
    const val MEETING_SCHEDULED = "Scheduled. Every member's device will remind them."
    const val SCHEDULE = "Schedule"

    fun quoted(text: String) = "“$text”"

    fun checkinChoice(mood: Int, at: String) = "Mood $mood/5 · $at"

    fun meeting(title: String, repeat: String) = "$title · $repeat"

    // Members and the facilitator's tools.
    const val MEMBERS = "Members"
    const val AS_FACILITATOR = " · facilitator"
    const val AS_CO_FACILITATOR = " · co-facilitator"
    const val MODERATION_DONE = "Done. It reaches everyone when devices sync."
    const val DISAPPEARING_MESSAGES = "Disappearing messages"
    const val OFF = "Off"
    const val ONE_DAY = "1 day"
    const val SEVEN_DAYS = "7 days"
    const val TIMER_SET = "Every device will follow the new timer once it syncs."
    const val CLOSE_CIRCLE_TEXT = "Close this circle for everyone? Its messages at the relay are deleted."
    const val CLOSING_CIRCLE = "Closing the circle."
    const val CLOSE_CIRCLE_CONFIRM = "Yes, close it"
    const val CLOSE_CIRCLE = "Close circle…"
    const val ADD_BY_DEVICE_ID = "Add by device id"
    const val ADDED_BY_DEVICE_ID = "Added. They'll see the circle when both devices have synced."
    const val LEAVE_CIRCLE = "Leave circle"

    /** A member in the members list: name (or joining), you, role, guidelines accepted, paused, muted. */
    fun member(name: String?, isMe: Boolean, role: String, guidelines: Int?, paused: Boolean, muted: Boolean) =
        (name ?: "Someone (joining…)") + (if (isMe) " (you)" else "") + role + (guidelines?.let { " · guidelines v$it" } ?: "") +
            (if (paused) " · paused" else "") + (if (muted) " · muted" else "")

    // Check-ins, messages, the chart, notifications.
    const val CHOOSE_A_MOOD = "Choose a mood first."
    const val REMOVED_BY_FACILITATOR = "Removed by a facilitator"
    const val MESSAGE_DELETED = "Message deleted"
    const val MUTED_MESSAGE = "Muted · long-press to unmute"
    const val REPORT_SENT_NOTICE = "Sent to the circle's facilitators. Only they can read it; nobody else can tell."
    /** A notification's title: the app's name only. */
    const val APP_NAME = "Hearth"
    const val REMINDER_TITLE = APP_NAME
    /** A reminder's text: an invitation that says nothing about the person or their journal. */
    const val REMINDER_TEXT = "A moment to check in?"
    /** A meeting reminder's text: names no circle. */
    const val MEETING_SOON = "Your circle meets soon."

    fun paused(minutes: Long, reason: String): String {
        val why = if (reason.isBlank()) "" else " “$reason”"
        return "A facilitator paused your posting for $minutes more minute${if (minutes == 1L) "" else "s"}.$why You can still read."
    }

    /** What a screen reader says for the mood chart. */
    fun moodChart(checkins: Int, mean: String) =
        if (checkins == 0) "Mood chart: no check-ins in this period" else "Mood chart: $checkins check-ins, average mood $mean of 5"
}

/** What to tell the person when a call fails. Never includes their data. */
object ErrorText {
    private const val GENERIC = "Something went wrong in Hearth. Nothing you wrote was shared."

    /** The passphrase typed did not open the journal. */
    const val WRONG_PASSPHRASE = "That passphrase does not open this journal. Nothing was changed."

    /** A short, kind message for [error]. */
    fun of(error: Throwable): String = when (error) {
        is HearthException -> of(error)
        // The platform's push service said why it has no address for this phone.
        is PushUnavailableException -> error.message ?: GENERIC
        else -> GENERIC
    }

    /** Every variant by name, so a new one fails to compile here until it has its words. */
    fun of(error: HearthException): String = when (error) {
        is HearthException.InvalidInput -> "Please check ${humanField(error.field)}: ${error.reason}."
        is HearthException.NotFound -> "This was deleted. The list has been refreshed."
        is HearthException.Busy -> "Hearth is busy for a moment. Please try again."
        is HearthException.StorageFull -> "Your phone is out of storage. Nothing was lost; free some space and try again."
        is HearthException.BackupWrongPassphrase -> "That passphrase does not open this backup."
        is HearthException.BackupDamaged -> "This backup file is damaged or incomplete. Nothing was imported."
        is HearthException.BackupUnsupportedVersion -> "This backup was made by a newer Hearth. Please update the app."
        is HearthException.UpdateRequired -> "Your journal was saved by a newer Hearth. Please update the app."
        is HearthException.Corrupt -> "Part of your journal is damaged. You can restore it from a backup."
        is HearthException.Closed -> "Your journal is locked. Unlock it to continue."
        is HearthException.WrongKey -> "Hearth could not unlock your journal."
        is HearthException.NotPermitted -> "Your role in this circle doesn't allow that."
        is HearthException.NotAMember -> "You're no longer in this circle. Its history stays on this device."
        is HearthException.RoleViolation -> "A change to this circle broke its rules and was not applied."
        is HearthException.MessageRejected -> "A message in this circle could not be read."
        is HearthException.GuidelinesNotAccepted -> "Please read and accept this circle's guidelines before posting."
        is HearthException.TimedOut -> "A facilitator paused your posting for a while. You can still read."
        is HearthException.HeldByRule -> RulesText.held(error.explanation, error.untilMs, System.currentTimeMillis())
        is HearthException.CircleClosed -> "This circle was closed by its facilitator. Its history stays on this device."
        is HearthException.DirectoryNotTrusted -> "This circle directory isn't signed by the organisation's key, so none of it is shown. Check the key with them."
        is HearthException.Network -> "Can't reach the relay right now. Nothing is lost; Hearth will keep trying."
        is HearthException.RelayBusy -> "The relay is busy. Hearth tries again in ${error.retryAfterS} s; nothing is lost."
        is HearthException.StaleEpoch -> "The circle changed while this was sending. Hearth is catching up and will send it."
        is HearthException.Conflict -> "The relay already has this."
        is HearthException.KeyPackageNotTheirs -> "That device could not be verified, so it was not added. Try adding it again later."
        is HearthException.RelayRefused -> "The relay refused this (${error.code})."
        is HearthException.AmbiguousId -> "More than one item matches. Please choose one."
        is HearthException.EncryptionUnavailable,
        is HearthException.ProfileNotFound,
        is HearthException.ProfileExists,
        is HearthException.Storage,
        is HearthException.File,
        is HearthException.Internal -> GENERIC
    }

    private fun humanField(field: String) = when (field) {
        "code" -> "the code"
        "expires" -> "how long the code lasts"
        "display name" -> "your name"
        "relay" -> "the relay's address"
        else -> field.replace('_', ' ')
    }
}

/** What the invite screens say about a code or a join (English first, like [Formatting]). */
object InviteText {
    /** One line under a code in the facilitator's list. */
    fun state(
        invite: Invite,
        now: Instant = Instant.now(),
        zone: ZoneId = ZoneId.systemDefault(),
        locale: Locale = Locale.getDefault(),
    ): String {
        val who = invite.inviteeName ?: "Someone"
        return when (invite.state) {
            InviteState.OPEN ->
                if (!invite.published) "Open · reaches the relay at the next sync"
                else "Open · works once, until ${Formatting.messageTime(invite.expiresAtMs, now, zone, locale)}"
            InviteState.CLAIMED -> "$who used it · letting them in…"
            InviteState.WAITING_FOR_APPROVAL -> "$who is waiting for your answer"
            InviteState.USED -> "Used by $who"
            InviteState.DECLINED -> "You declined $who"
            InviteState.FAILED -> "Someone entered it wrongly, so it no longer works. Make a new one if you still need it."
            InviteState.EXPIRED -> "Expired unused"
            InviteState.REVOKED -> "Withdrawn"
        }
    }

    /** Where joining by a code stands, for the person joining. */
    fun state(join: InviteJoin): String = when (join.state) {
        JoinState.SENDING -> "Sending your request…"
        JoinState.WAITING_FOR_FACILITATOR ->
            "Waiting for the facilitator to let you in. It happens when their phone is next online."
        JoinState.JOINED -> "You're in."
        JoinState.DECLINED -> "The facilitator did not let you in with this code."
        JoinState.CODE_DID_NOT_WORK -> "This code did not work. Check it with your facilitator, or ask for a new one."
        JoinState.UNAVAILABLE ->
            "This code can't be used: it expired, was already used, or was withdrawn. Ask your facilitator for a new one."
    }

    /** The four words to compare in person, once both phones have them. */
    fun words(words: String?): String? =
        words?.let { "Compare these words with each other when you next meet: $it" }

    /**
     * What the share sheet sends: the link (a tap opens Hearth) and the code to type. Only
     * for the person it is for; whoever has it first can use it.
     */
    fun shareMessage(
        invite: Invite,
        now: Instant = Instant.now(),
        zone: ZoneId = ZoneId.systemDefault(),
        locale: Locale = Locale.getDefault(),
    ): String? {
        val code = invite.code ?: return null
        val link = invite.link ?: return null
        val until = Formatting.messageTime(invite.expiresAtMs, now, zone, locale)
        return "You're invited to a circle on Hearth. Open $link on your phone, or enter the code $code " +
            "in Hearth. It works once, until $until. Please keep it to yourself."
    }
}

/**
 * A circle's system events in English, worded here from the records the core keeps (a
 * translation is one more object like this). Every event by name, so a new one fails to
 * compile until it has its words.
 */
object EventText {
    fun of(event: CircleEvent): String = when (event) {
        CircleEvent.Created -> "You created the circle."
        CircleEvent.YouJoined -> "You joined. Messages sent before you joined cannot be read."
        is CircleEvent.Joined -> "${event.who} joined. They can't read what was sent before."
        is CircleEvent.Left -> when (val who = event.who) {
            EventPerson.You -> "You left the circle."
            is EventPerson.Member -> "${who.name} left the circle."
        }
        is CircleEvent.Removed -> when (val who = event.who) {
            EventPerson.You -> "You were removed from the circle."
            is EventPerson.Member -> "${who.name} was removed from the circle."
        }
        is CircleEvent.Renamed -> "The circle was renamed to “${event.name}”."
        CircleEvent.DescriptionChanged -> "The circle's description changed."
        is CircleEvent.GuidelinesChanged -> "The guidelines changed (version ${event.version})."
        is CircleEvent.RoleGiven -> "${subject(event.who)} ${if (event.who == EventPerson.You) "are" else "is"} now ${role(event.role)}."
        is CircleEvent.RoleEnded -> "${subject(event.who)} ${if (event.who == EventPerson.You) "are" else "is"} no longer ${role(event.role)}."
        is CircleEvent.DisappearingOn -> "Messages now disappear ${duration(event.afterS)} after they arrive."
        CircleEvent.DisappearingOff -> "Messages no longer disappear."
        is CircleEvent.MeetingScheduled -> "A meeting was scheduled: ${event.title}."
        is CircleEvent.MeetingCancelled -> "A meeting was cancelled: ${event.title}."
        CircleEvent.Closed -> "The facilitator closed this circle."
        is CircleEvent.TalkEnded -> when (val who = event.who) {
            EventPerson.You -> "You ended this talk."
            is EventPerson.Member -> "${who.name} ended this talk."
        }
        is CircleEvent.MembersMayTalk -> if (event.allowed) {
            "Members can now ask each other for a private talk."
        } else {
            "Only facilitators can now be asked for a private talk."
        }
        is CircleEvent.RulesChanged -> when (event.count) {
            0u -> "The facilitator turned off the circle's rules."
            1u -> "The facilitator set one rule for posts."
            else -> "The facilitator set ${event.count} rules for posts."
        }
        is CircleEvent.ChangeDropped -> when (event.why) {
            DroppedChange.NOT_PERMITTED -> "A change could not be made: your role no longer allows it."
            DroppedChange.NO_LONGER_THERE -> "A change could not be made: who it was about is no longer in the circle."
            DroppedChange.REFUSED -> "A change could not be made: the circle's rules refused it."
            DroppedChange.NO_INVITATION_KEYS -> "A member could not be added: their device has no invitation keys at the relay."
            DroppedChange.KEYS_NOT_THEIRS ->
                "A member could not be added: the relay's copy of their device's invitation keys was not signed by their device."
            DroppedChange.UNKNOWN -> "A change could not be made."
        }
        is CircleEvent.NotDelivered -> when (event.what) {
            Undelivered.INVITATION -> "A new member's invitation could not be delivered."
            Undelivered.MESSAGE -> "A message could not be sent."
            Undelivered.CHANGE -> "A change to the circle was refused by the relay."
        }
        is CircleEvent.CodeFailed ->
            "Someone tried invite code ${event.nameplate} with a wrong secret, so the code no longer works. If it was a typo, make a new code."
        is CircleEvent.Legacy -> event.text
    }

    private fun subject(who: EventPerson) = when (who) {
        EventPerson.You -> "You"
        is EventPerson.Member -> who.name
    }

    private fun role(role: Role) = when (role) {
        Role.FACILITATOR -> "a facilitator"
        Role.CO_FACILITATOR -> "a co-facilitator"
        Role.MEMBER -> "a member"
    }

    /** "1 hour", "7 days". */
    fun duration(seconds: ULong): String {
        val (n, unit) = when {
            seconds % 86_400uL == 0uL -> seconds / 86_400uL to "day"
            seconds % 3_600uL == 0uL -> seconds / 3_600uL to "hour"
            else -> (seconds + 59uL) / 60uL to "minute"
        }
        return "$n $unit" + if (n == 1uL) "" else "s"
    }
}

/** Words and numbers as the screens show them (English first; the shells localise later). */
object Formatting {
    private val moodWords = listOf("Very low", "Low", "Okay", "Good", "Very good")

    /** The word for a mood 1–5. */
    fun moodLabel(mood: Int): String {
        require(mood in 1..5) { "mood is from 1 to 5" }
        return moodWords[mood - 1]
    }

    /** What a screen reader says for a mood choice, e.g. "Mood 4 of 5: Good". */
    fun moodContentDescription(mood: Int, selected: Boolean): String =
        "Mood $mood of 5: ${moodLabel(mood)}" + if (selected) ", selected" else ""

    /** The wall-clock time the person saw, with the offset it was recorded in. */
    fun toOffsetDateTime(moment: Moment): OffsetDateTime =
        OffsetDateTime.ofInstant(
            Instant.ofEpochMilli(moment.unixMs),
            ZoneOffset.ofTotalSeconds(moment.offsetSeconds),
        )

    /** A moment as the person's clock showed it, e.g. "Mar 5, 2026, 8:00 PM". */
    fun moment(moment: Moment, locale: Locale = Locale.getDefault()): String =
        toOffsetDateTime(moment).format(
            DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale),
        )

    /** A chat message's time in this phone's zone: "8:05 PM" today, "Mar 5, 8:05 PM" before. */
    fun messageTime(
        unixMs: Long,
        now: Instant = Instant.now(),
        zone: ZoneId = ZoneId.systemDefault(),
        locale: Locale = Locale.getDefault(),
    ): String {
        val at = Instant.ofEpochMilli(unixMs).atZone(zone)
        val time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(at)
        if (at.toLocalDate() == now.atZone(zone).toLocalDate()) return time
        return DateTimeFormatter.ofPattern("MMM d", locale).format(at) + ", " + time
    }

    /** Hours slept as "7 h 30 min", "8 h" or "45 min". */
    fun sleep(hours: Double): String {
        val minutes = Math.round(hours * 60).toInt()
        val h = minutes / 60
        val m = minutes % 60
        return when {
            h == 0 -> "$m min"
            m == 0 -> "$h h"
            else -> "$h h $m min"
        }
    }

    /** A mean mood to one decimal, e.g. "3.5". */
    fun mean(value: Double?): String = value?.let { String.format(Locale.ROOT, "%.1f", it) } ?: "–"

    /** The severity in plain words. */
    fun severity(severity: Severity): String = when (severity) {
        Severity.NONE -> "Minimal"
        Severity.MILD -> "Mild"
        Severity.MODERATE -> "Moderate"
        Severity.MODERATELY_SEVERE -> "Moderately severe"
        Severity.SEVERE -> "Severe"
    }

    /** How far a tag's difference can be trusted, in words. */
    fun confidence(confidence: Confidence): String = when (confidence) {
        Confidence.NOT_ENOUGH_DATA -> "Not enough check-ins yet"
        Confidence.LOW -> "Could be chance"
        Confidence.MODERATE -> "Likely a real pattern"
        Confidence.HIGH -> "A clear pattern"
    }

    /** A piece of a search snippet; matched words are highlighted. */
    data class SnippetPart(val text: String, val matched: Boolean)

    /** Splits a snippet whose matches are marked `[like this]` into parts to draw. */
    fun snippet(snippet: String): List<SnippetPart> {
        val parts = mutableListOf<SnippetPart>()
        var rest = snippet
        while (rest.isNotEmpty()) {
            val open = rest.indexOf('[')
            val close = if (open >= 0) rest.indexOf(']', open) else -1
            if (open < 0 || close < 0) {
                parts += SnippetPart(rest, false)
                break
            }
            if (open > 0) parts += SnippetPart(rest.substring(0, open), false)
            parts += SnippetPart(rest.substring(open + 1, close), true)
            rest = rest.substring(close + 1)
        }
        return parts
    }
}

/** What screens say about reports, shared cards and meetings. */
object SafetyText {
    /** A report's lines on a facilitator's screen: who and why, then this phone's own copy. */
    fun report(r: CircleReport): List<String> {
        val who = r.reporterName ?: "A member"
        val lines = mutableListOf(
            if (r.reason == ReportReason.SUPPORT_REQUEST) "$who would like support" else "${reportReasonLabel(r.reason)} — reported by $who",
        )
        if (r.messageId != null) {
            val copy = r.message
            lines += if (copy == null) {
                "The message is no longer on this device (deleted or disappeared)."
            } else {
                "${copy.senderName ?: "Someone"}: “${copy.body}”"
            }
        }
        r.talkQuote?.let { q ->
            lines += "From a private talk with ${q.author}, as $who quotes it (this device has no copy to check):"
            lines += "${q.author}: “${q.body}”"
        }
        if (r.comment.isNotBlank()) lines += "“${r.comment}”"
        return lines
    }

    /** A shared check-in card's lines: the mood, then each part that was shared. */
    fun card(c: CheckinCard): List<String> = buildList {
        add("Mood ${c.mood}/5 · ${c.day}")
        c.energy?.let { add("Energy $it/5") }
        if (c.emotions.isNotEmpty()) add("Feeling ${c.emotions.joinToString(", ")}")
        if (c.tags.isNotEmpty()) add(c.tags.joinToString(" ") { "#$it" })
        c.sleepMinutes?.let { add("Slept ${it.toInt() / 60}h${"%02d".format(it.toInt() % 60)}") }
        c.note?.let { add(it) }
    }

    /** What the share sheet says will be shared. */
    fun sharing(choice: ShareChoice): String {
        val parts = listOfNotNull(
            "your mood",
            "energy".takeIf { choice.energy },
            "emotions".takeIf { choice.emotions },
            "tags".takeIf { choice.tags },
            "sleep".takeIf { choice.sleep },
            "your note".takeIf { choice.note },
        )
        val shared = if (parts.size == 1) parts[0] else parts.dropLast(1).joinToString(", ") + " and " + parts.last()
        return "The circle will see $shared." + if (choice.note) "" else " Your note stays private."
    }

    /** A coming meeting as a row, in the phone's own time zone. */
    fun session(o: SessionOccurrence, zone: ZoneId, locale: Locale = Locale.getDefault()): String {
        val start = Instant.ofEpochMilli(o.startsAt.unixMs).atZone(zone)
        val end = Instant.ofEpochMilli(o.endsAt.unixMs).atZone(zone)
        val day = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", locale)
        val time = DateTimeFormatter.ofPattern("HH:mm", locale)
        return "${o.title} · ${day.format(start)}–${time.format(end)} · ${o.circleName}"
    }
}

/** The words for a message action (the core decides which are offered). */
val MessageAction.label: String
    get() = when (this) {
        MessageAction.REPLY -> "Reply"
        MessageAction.REMOVE_FOR_EVERYONE -> "Remove for everyone"
        MessageAction.PIN -> "Pin"
        MessageAction.UNPIN -> "Unpin"
        MessageAction.REPORT -> "Report to the facilitators"
        MessageAction.MUTE_SENDER -> "Mute"
        MessageAction.UNMUTE_SENDER -> "Unmute"
    }

/** The words for a member action (the core decides which are offered). */
val MemberAction.label: String
    get() = when (this) {
        MemberAction.PAUSE_HOUR -> "Pause posting for 1 hour"
        MemberAction.END_PAUSE -> "End the pause"
        MemberAction.MAKE_CO_FACILITATOR -> "Make co-facilitator"
        MemberAction.MAKE_MEMBER -> "Make member"
        MemberAction.HAND_OVER -> "Hand the circle over"
        MemberAction.REMOVE -> "Remove from circle"
        MemberAction.MUTE -> "Mute"
        MemberAction.UNMUTE -> "Unmute"
        MemberAction.ASK_TO_TALK -> "Ask for a private talk"
    }
