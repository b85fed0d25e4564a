//! Throwaway PostgreSQL clusters for tests: `initdb` into a temporary folder, the server on a
//! free loopback port, trust authentication, and no durability (`fsync=off`), since a test's
//! data lives as long as the test.
//!
//! The binaries are Debian's (`/usr/lib/postgresql/<version>/bin`) or those in
//! `HEARTH_PG_BINDIR`. Without them a test that asks for a cluster fails, never skips, and
//! its message says what to install (`scripts/setup.sh` installs it).
//!
//! A server is started from one long-lived keeper thread with `PR_SET_PDEATHSIG`, so it dies
//! with the test process even when a test panics or the process is killed: no server
//! outlives its tests. As root (CI containers), the server runs as the `postgres` user,
//! because PostgreSQL refuses to run as root.

use std::io;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The superuser every cluster is made with.
pub const USER: &str = "postgres";

/// How long a server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A PostgreSQL cluster of a test's own, stopped and deleted when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    owner: Option<(u32, u32)>,
    tls: bool,
    server: Mutex<Option<Child>>,
}

/// A server certificate chain and its private key, PEM, for a cluster that takes TLS.
pub struct ServerTls {
    /// The certificate chain.
    pub cert_pem: String,
    /// Its private key.
    pub key_pem: String,
}

impl Cluster {
    /// Makes a cluster in a temporary folder and starts it.
    pub fn start() -> io::Result<Cluster> {
        Self::start_with(None)
    }

    /// Makes a cluster that also takes TLS connections with `tls` and starts it.
    pub fn start_tls(tls: &ServerTls) -> io::Result<Cluster> {
        Self::start_with(Some(tls))
    }

    fn start_with(tls: Option<&ServerTls>) -> io::Result<Cluster> {
        sweep_stale_clusters();
        let bin = bindir()?;
        let owner = server_owner()?;
        let dir = tempfile::Builder::new().prefix("hearth-pg-").tempdir()?;
        if let Some((uid, gid)) = owner {
            chown(dir.path(), uid, gid)?;
        }
        let data = dir.path().join("data");
        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .args([
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
                "--username",
                USER,
            ])
            .arg("-D")
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        as_owner(&mut initdb, owner);
        let made = initdb.output()?;
        if !made.status.success() {
            return Err(io::Error::other(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&made.stderr).trim()
            )));
        }
        if let Some(tls) = tls {
            // The server refuses a key others may read, or one it does not own.
            for (name, pem) in [("server.crt", &tls.cert_pem), ("server.key", &tls.key_pem)] {
                let path = data.join(name);
                std::fs::write(&path, pem)?;
                std::fs::set_permissions(
                    &path,
                    std::os::unix::fs::PermissionsExt::from_mode(0o600),
                )?;
                if let Some((uid, gid)) = owner {
                    chown(&path, uid, gid)?;
                }
            }
        }
        let cluster = Cluster {
            bin,
            dir,
            port: free_port()?,
            owner,
            tls: tls.is_some(),
            server: Mutex::new(None),
        };
        cluster.start_server()?;
        Ok(cluster)
    }

    /// The folder PostgreSQL keeps its files in (for tests that scan its bytes).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection URL for `database`.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{USER}@127.0.0.1:{}/{database}?connect_timeout=5",
            self.port
        )
    }

    /// Creates a new, empty database and returns its URL.
    pub fn create_database(&self) -> io::Result<String> {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        self.psql("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(self.url(&name))
    }

    /// Runs one SQL command with `psql` in `database`; its output, trimmed.
    pub fn psql(&self, database: &str, sql: &str) -> io::Result<String> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
            ])
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                USER,
                "-d",
                database,
                "-c",
                sql,
            ])
            .output()?;
        if !out.status.success() {
            return Err(io::Error::other(format!(
                "psql failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Stops the server at once (a fast shutdown: sessions are ended, nothing is lost).
    pub fn stop(&self) -> io::Result<()> {
        let child = self.lock().take();
        if let Some(mut child) = child {
            stop_child(&mut child)?;
        }
        Ok(())
    }

    /// Starts the server again after [`Cluster::stop`], on the same port and files.
    pub fn restart(&self) -> io::Result<()> {
        self.stop()?;
        self.start_server()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Child>> {
        self.server.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn start_server(&self) -> io::Result<()> {
        let mut server = Command::new(self.bin.join("postgres"));
        server
            .arg("-D")
            .arg(self.data_dir())
            .args([
                "-p",
                &self.port.to_string(),
                "-c",
                "listen_addresses=127.0.0.1",
            ])
            .arg("-c")
            .arg(format!(
                "unix_socket_directories={}",
                self.dir.path().display()
            ))
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
            .args(if self.tls { &["-c", "ssl=on"][..] } else { &[] })
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        as_owner(&mut server, self.owner);
        let child = keeper_spawn(server)?;
        *self.lock() = Some(child);
        self.wait_ready()
    }

    fn wait_ready(&self) -> io::Result<()> {
        let started = Instant::now();
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    USER,
                ])
                .status()?;
            if ready.success() {
                return Ok(());
            }
            if let Some(child) = self.lock().as_mut() {
                if let Some(status) = child.try_wait()? {
                    return Err(io::Error::other(format!(
                        "the PostgreSQL server exited at start ({status})"
                    )));
                }
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(io::Error::other("PostgreSQL did not start in time"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// One cluster for the whole test process, started on first use; each test takes a database
/// of its own with [`fresh_database`].
pub fn shared() -> &'static Cluster {
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    SHARED.get_or_init(|| match Cluster::start() {
        Ok(cluster) => cluster,
        // A test helper: failing here is the test failing, with the reason.
        Err(e) => panic!("cannot start a PostgreSQL cluster for the tests: {e}"),
    })
}

/// The database a URL made by [`Cluster::url`] names (for [`Cluster::psql`]).
pub fn database_name(url: &str) -> &str {
    let tail = url.rsplit('/').next().unwrap_or_default();
    tail.split('?').next().unwrap_or_default()
}

/// A new database in the shared cluster, as a URL.
pub fn fresh_database() -> String {
    match shared().create_database() {
        Ok(url) => url,
        Err(e) => panic!("cannot create a test database: {e}"),
    }
}

/// Deletes the folders of clusters whose test process is gone: the shared cluster lives in a
/// static, which is never dropped, so its folder outlives the process. A folder is left
/// alone while its server runs, and while it is young (another process may be making it).
fn sweep_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("hearth-pg-"));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(600));
        if !is_ours || !old {
            continue;
        }
        let running = std::fs::read_to_string(path.join("data/postmaster.pid"))
            .ok()
            .and_then(|pid| pid.lines().next().map(str::trim).map(str::to_string))
            .is_some_and(|pid| Path::new("/proc").join(pid).exists());
        if !running {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Asks a server to stop fast (SIGINT) and waits; kills it after 30 s.
fn stop_child(child: &mut Child) -> io::Result<()> {
    // `kill` sends as the owner may, and root may signal the `postgres` user's process.
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()?;
    let started = Instant::now();
    while child.try_wait()?.is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            child.kill()?;
            child.wait()?;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// Where the PostgreSQL programs are: `HEARTH_PG_BINDIR`, or the newest Debian install.
fn bindir() -> io::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("HEARTH_PG_BINDIR") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            "PostgreSQL's server programs were not found: install the `postgresql` package \
             (scripts/setup.sh does) or set HEARTH_PG_BINDIR",
        )
    })
}

/// The user and group the server runs as: `postgres` when we are root, else ourselves.
fn server_owner() -> io::Result<Option<(u32, u32)>> {
    use std::os::unix::fs::MetadataExt;
    if std::fs::metadata("/proc/self")?.uid() != 0 {
        return Ok(None);
    }
    let passwd = std::fs::read_to_string("/etc/passwd")?;
    passwd
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&"postgres") && fields.len() > 3)
                .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
                .flatten()
        })
        .map(Some)
        .ok_or_else(|| {
            io::Error::other("running as root, and there is no `postgres` user to run the server")
        })
}

fn as_owner(command: &mut Command, owner: Option<(u32, u32)>) {
    if let Some((uid, gid)) = owner {
        command.uid(uid).gid(gid);
    }
}

fn chown(path: &Path, uid: u32, gid: u32) -> io::Result<()> {
    std::os::unix::fs::chown(path, Some(uid), Some(gid))
}

fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

type SpawnRequest = (Command, mpsc::Sender<io::Result<Child>>);

/// Spawns `command` from the keeper thread, which lives as long as the process: the child
/// gets SIGKILL when its spawning thread ends, so it must not be a test's own thread.
fn keeper_spawn(command: Command) -> io::Result<Child> {
    static KEEPER: OnceLock<Mutex<mpsc::Sender<SpawnRequest>>> = OnceLock::new();
    let keeper = KEEPER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<SpawnRequest>();
        std::thread::spawn(move || {
            for (mut command, answer) in rx {
                // SAFETY: prctl is async-signal-safe and only changes this child's settings.
                #[allow(unsafe_code)]
                unsafe {
                    command.pre_exec(|| {
                        if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                            return Err(io::Error::last_os_error());
                        }
                        Ok(())
                    });
                }
                let _ = answer.send(command.spawn());
            }
        });
        Mutex::new(tx)
    });
    let (answer, spawned) = mpsc::channel();
    keeper
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send((command, answer))
        .map_err(|_| io::Error::other("the keeper thread is gone"))?;
    spawned
        .recv()
        .map_err(|_| io::Error::other("the keeper thread is gone"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_starts_answers_stops_and_starts_again() -> io::Result<()> {
        let cluster = Cluster::start()?;
        let url = cluster.create_database()?;
        let db = database_name(&url);
        cluster.psql(db, "CREATE TABLE t (x int); INSERT INTO t VALUES (41)")?;
        cluster.restart()?;
        assert_eq!(cluster.psql(db, "SELECT x + 1 FROM t")?, "42");
        cluster.stop()?;
        assert!(cluster.psql(db, "SELECT 1").is_err());
        Ok(())
    }
}
