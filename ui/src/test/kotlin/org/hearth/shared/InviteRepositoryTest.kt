package org.hearth.shared

import com.google.zxing.BarcodeFormat
import com.google.zxing.BinaryBitmap
import com.google.zxing.DecodeHintType
import com.google.zxing.RGBLuminanceSource
import com.google.zxing.common.HybridBinarizer
import com.google.zxing.qrcode.QRCodeReader
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.InviteState
import org.hearth.ffi.JoinState
import org.hearth.ffi.inviteLimits
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Instant
import java.time.ZoneOffset
import java.util.Locale

/** The invite screens' state holders over real profiles, syncing through the real relay. */
class InviteRepositoryTest : TwoPhonesOnARelay() {
    /** Syncs [phones] until [done] holds: the invite mailbox has no live push. */
    private suspend fun <T : Any> syncUntil(vararg phones: CircleRepository, done: suspend () -> T?): T =
        withTimeout(20_000) {
            var found = done()
            while (found == null) {
                phones.forEach { it.syncNow() }
                delay(50)
                found = done()
            }
            found
        }

    @Test
    fun `a facilitator shares a code, the person joins by its link, and is let in on approval`() = runBlocking<Unit> {
        val fernCircles = CircleRepository(fern).also { it.connect(relay.url) }
        val ashCircles = CircleRepository(ash).also { it.connect(relay.url) }
        val facilitator = InviteRepository(fern)
        val member = InviteRepository(ash)
        val circle = fernCircles.createCircle("Tuesday evening circle", "", "Be kind.")

        // The dialog's defaults: the core's lifetime, approval first.
        val draft = InviteDraft()
        assertEquals(inviteLimits().defaultLifetimeSeconds, draft.current.value.lifetimeSeconds)
        assertFalse(draft.current.value.autoAdmit)
        assertTrue(draft.lifetimes.any { it.seconds == draft.current.value.lifetimeSeconds })
        draft.label("  for Ash ")
        draft.label("x".repeat(500))
        assertEquals(0, draft.labelRoom)
        draft.label("for Ash")
        val invite = facilitator.create(circle.circleId, draft.current.value)
        assertEquals("for Ash", invite.label)
        val link = invite.link!!
        val share = InviteText.shareMessage(invite, Instant.now(), ZoneOffset.UTC, Locale.US)!!
        assertTrue(link in share && invite.code!! in share)

        // The QR code a camera scans holds exactly the link.
        assertEquals(link, decode(QrCode.of(link)))

        // The join form: half a code is quiet, a typo is named, the link checks out.
        val form = JoinForm(member)
        form.code(invite.code!!.take(6))
        assertNull(form.current.value.codeProblem)
        assertFalse(form.current.value.canJoin)
        val typo = (if (invite.code!![0] == 'A') "B" else "A") + invite.code!!.drop(1)
        form.code(typo)
        assertTrue(form.current.value.codeProblem!!.contains("typo"))
        form.code(link)
        form.name("Ash")
        assertEquals(invite.code, form.current.value.canonical)
        assertTrue(form.current.value.canJoin)
        assertTrue(member.beforeJoining.contains("Nothing about the circle"))
        assertNotNull(form.join())
        assertNull(form.current.value.error)
        // The same code again on this phone is refused, and the form keeps what was typed.
        assertNull(form.join())
        assertNotNull(form.current.value.error)
        assertEquals(link, form.current.value.code)

        // The facilitator's list shows the person waiting; approving lets them in.
        val waiting = syncUntil(ashCircles, fernCircles) {
            facilitator.invites(circle.circleId).first().let { facilitator.waiting(it) }.singleOrNull()
        }
        assertEquals("Ash is waiting for your answer", InviteText.state(waiting))
        val asked = member.joins().first().single()
        assertEquals(JoinState.WAITING_FOR_FACILITATOR, asked.state)
        facilitator.approve(waiting.nameplate)
        val joined = syncUntil(fernCircles, ashCircles) {
            member.joins().first().single().takeIf { it.state == JoinState.JOINED }
        }
        assertEquals(circle.circleId, joined.circleId)
        assertEquals("You're in.", InviteText.state(joined))
        val used = facilitator.invites(circle.circleId).first().single()
        assertEquals(InviteState.USED, used.state)
        assertEquals(used.words, joined.words)
        assertTrue(InviteText.words(joined.words)!!.endsWith(joined.words!!))
        assertEquals("Be kind.", ashCircles.circle(circle.circleId).first().guidelines)

        // Revoking a fresh code: the list says so and the code is no longer shown.
        val spare = facilitator.create(circle.circleId, InviteDraft.Choice(3_600uL, autoAdmit = true))
        facilitator.revoke(spare.nameplate)
        val revoked = facilitator.invites(circle.circleId).first().first { it.nameplate == spare.nameplate }
        assertEquals(InviteState.REVOKED, revoked.state)
        assertNull(InviteText.shareMessage(revoked))
        assertEquals("Withdrawn", InviteText.state(revoked))
    }

    private fun decode(qr: QrCode): String {
        // Render with a quiet zone of 4 modules at 4 pixels each, as a screen would.
        val scale = 4
        val side = (qr.size + 8) * scale
        val pixels = IntArray(side * side) { i ->
            val x = (i % side) / scale - 4
            val y = (i / side) / scale - 4
            val dark = x in 0 until qr.size && y in 0 until qr.size && qr[x, y]
            if (dark) 0xFF000000.toInt() else 0xFFFFFFFF.toInt()
        }
        val bitmap = BinaryBitmap(HybridBinarizer(RGBLuminanceSource(side, side, pixels)))
        val hints = mapOf(DecodeHintType.POSSIBLE_FORMATS to listOf(BarcodeFormat.QR_CODE), DecodeHintType.PURE_BARCODE to false)
        return QRCodeReader().decode(bitmap, hints).text
    }
}
