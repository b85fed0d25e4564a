package org.hearth.app

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import org.hearth.shared.KeyUnavailableException
import org.hearth.shared.KeyVault
import java.io.File
import java.io.IOException
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.SecureRandom
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The database key: 32 random bytes, wrapped with an AES-256-GCM key that never leaves the
 * Android Keystore, stored in app-private no-backup storage as
 * `version (1) | nonce (12) | ciphertext+tag (48)`.
 */
class KeystoreVault(context: Context) : KeyVault {
    private val file = File(context.noBackupFilesDir, "database-key.wrapped")

    override fun hasKey(): Boolean = file.exists()

    override fun loadKey(): ByteArray {
        try {
            val stored = file.readBytes()
            if (stored.size != 1 + NONCE + 32 + TAG / 8 || stored[0] != VERSION) {
                throw KeyUnavailableException("the stored key has an unknown format")
            }
            val wrapping = existingWrappingKey()
                ?: throw KeyUnavailableException("the Keystore no longer holds the wrapping key")
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, wrapping, GCMParameterSpec(TAG, stored, 1, NONCE))
            return cipher.doFinal(stored, 1 + NONCE, stored.size - 1 - NONCE)
        } catch (e: GeneralSecurityException) {
            // Includes KeyPermanentlyInvalidatedException after a lock-screen reset.
            throw KeyUnavailableException("the key could not be unwrapped", e)
        } catch (e: IOException) {
            throw KeyUnavailableException("the stored key could not be read", e)
        }
    }

    override fun createKey(): ByteArray {
        val key = ByteArray(32).also { SecureRandom().nextBytes(it) }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, existingWrappingKey() ?: newWrappingKey())
        val wrapped = byteArrayOf(VERSION) + cipher.iv + cipher.doFinal(key)
        // Written beside, then renamed: a crash never leaves half a key file.
        val tmp = File(file.parentFile, file.name + ".tmp")
        tmp.outputStream().use { out ->
            out.write(wrapped)
            out.fd.sync()
        }
        if (!tmp.renameTo(file)) throw IOException("could not store the wrapped key")
        return key
    }

    override fun deleteKey() {
        file.delete()
        keyStore().deleteEntry(ALIAS)
    }

    private fun keyStore() = KeyStore.getInstance(PROVIDER).apply { load(null) }

    private fun existingWrappingKey(): SecretKey? =
        (keyStore().getEntry(ALIAS, null) as? KeyStore.SecretKeyEntry)?.secretKey

    private fun newWrappingKey(): SecretKey =
        KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER).apply {
            init(
                KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                    .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                    .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                    .setKeySize(256)
                    .build(),
            )
        }.generateKey()

    private companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val ALIAS = "hearth.database-key.wrap"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val VERSION: Byte = 1
        const val NONCE = 12
        const val TAG = 128
    }
}
