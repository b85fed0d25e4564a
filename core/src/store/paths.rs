//! Where a profile's files live, and the durable file operations on them (atomic replace,
//! directory fsync) that crash safety rests on.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::Result;

/// The files of one profile directory.
#[derive(Clone, Debug)]
pub(crate) struct ProfilePaths {
    pub dir: PathBuf,
    /// The SQLCipher database.
    pub db: PathBuf,
    /// The key parameters (salt, Argon2id costs); beside the database, never inside it.
    pub keyfile: PathBuf,
    /// The re-encrypted copy written during a rekey.
    pub rekey_db: PathBuf,
}

impl ProfilePaths {
    pub fn new(dir: &Path) -> Self {
        ProfilePaths {
            dir: dir.to_path_buf(),
            db: dir.join("profile.db"),
            keyfile: dir.join("profile.key.json"),
            rekey_db: dir.join("profile.db.rekey"),
        }
    }

    /// SQLite's companion files of `db` (write-ahead log, shared memory, rollback journal).
    pub fn companions(db: &Path) -> [PathBuf; 3] {
        ["-wal", "-shm", "-journal"].map(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
    }

    /// Every file a profile may own, in the order "delete everything" removes them.
    pub fn all_files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.db.clone()];
        files.extend(Self::companions(&self.db));
        files.push(self.rekey_db.clone());
        files.extend(Self::companions(&self.rekey_db));
        files.push(self.keyfile.clone());
        files.push(tmp_path(&self.keyfile));
        files
    }
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// Creates the profile directory, private to this user where the platform allows.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Replaces `path` with `bytes` so that a crash leaves either the old or the new content.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = tmp_path(path);
    {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    sync_parent(path)
}

/// Renames `from` to `to` atomically and makes the rename durable.
pub(crate) fn rename_durably(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to)?;
    sync_parent(to)
}

/// Flushes a directory entry change (rename, create, unlink) to disk.
pub(crate) fn sync_parent(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        File::open(parent)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Flushes a file's content to disk.
pub(crate) fn sync_file(path: &Path) -> Result<()> {
    File::open(path)?.sync_all()?;
    Ok(())
}

/// Removes a file; a file that is already gone is fine.
pub(crate) fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}
