package org.hearth.shared

import com.google.zxing.BarcodeFormat
import com.google.zxing.EncodeHintType
import com.google.zxing.qrcode.QRCodeWriter
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel

/**
 * A QR code's modules, for a screen to draw (Compose draws one square per dark module). Made
 * by ZXing on the phone: the link it holds never goes to any service.
 */
class QrCode private constructor(
    /** Modules per side (the quiet zone is not included: draw a margin of 4 around it). */
    val size: Int,
    private val dark: BooleanArray,
) {
    /** Whether the module at column [x], row [y] is dark. */
    operator fun get(x: Int, y: Int): Boolean = dark[y * size + x]

    companion object {
        /** The QR code for [text] (an invite link), with medium error correction. */
        fun of(text: String): QrCode {
            val hints = mapOf(
                EncodeHintType.ERROR_CORRECTION to ErrorCorrectionLevel.M,
                EncodeHintType.MARGIN to 0,
            )
            val matrix = QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints)
            val size = matrix.width
            return QrCode(size, BooleanArray(size * size) { matrix.get(it % size, it / size) })
        }
    }
}
