//! Where the CLI gets secrets: environment variables for scripts, otherwise a prompt that
//! does not echo. Nothing here is printed or logged.

use hearth_core::{DbKey, Error, ProfileSecret, Result};
use zeroize::Zeroizing;

/// The profile secret: HEARTH_DB_KEY (raw), else HEARTH_PASSPHRASE, else a prompt.
pub fn profile_secret(confirm: bool) -> Result<ProfileSecret> {
    secret_from("HEARTH_DB_KEY", "HEARTH_PASSPHRASE", "Passphrase", confirm)
}

/// The new secret for `rekey`: HEARTH_NEW_DB_KEY, else HEARTH_NEW_PASSPHRASE, else a prompt.
pub fn new_profile_secret() -> Result<ProfileSecret> {
    secret_from(
        "HEARTH_NEW_DB_KEY",
        "HEARTH_NEW_PASSPHRASE",
        "New passphrase",
        true,
    )
}

fn secret_from(
    key_var: &str,
    pass_var: &str,
    prompt: &str,
    confirm: bool,
) -> Result<ProfileSecret> {
    if let Ok(hex) = std::env::var(key_var) {
        return Ok(ProfileSecret::raw_key(DbKey::from_hex(&Zeroizing::new(
            hex,
        ))?));
    }
    let pass = passphrase(pass_var, prompt, confirm)?;
    ProfileSecret::passphrase(pass.as_str())
}

/// A backup passphrase: HEARTH_BACKUP_PASSPHRASE, else a prompt.
pub fn backup_passphrase(confirm: bool) -> Result<Zeroizing<String>> {
    passphrase("HEARTH_BACKUP_PASSPHRASE", "Backup passphrase", confirm)
}

fn passphrase(var: &str, prompt: &str, confirm: bool) -> Result<Zeroizing<String>> {
    if let Ok(value) = std::env::var(var) {
        return Ok(Zeroizing::new(value));
    }
    let read = |p: &str| {
        rpassword::prompt_password(format!("{p}: "))
            .map(Zeroizing::new)
            .map_err(|_| Error::InvalidInput {
                field: "passphrase",
                reason: format!("no terminal to ask on; set {var}"),
            })
    };
    let first = read(prompt)?;
    if confirm && *read(&format!("{prompt} again"))? != *first {
        return Err(Error::InvalidInput {
            field: "passphrase",
            reason: "the two entries differ".into(),
        });
    }
    Ok(first)
}
