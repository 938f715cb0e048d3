//! Files written whole or not at all. A reader (or a crash) sees the old file or the new one,
//! never half of it: the bytes go to a temporary file beside the target, which is synced,
//! renamed into place, and then its directory is synced so the new name itself is durable.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Mode of a document the user asked for (export, report): the umask applies as usual.
pub const DOCUMENT: u32 = 0o644;
/// Mode of a file that holds the whole database (a backup): its owner and group only.
pub const PRIVATE: u32 = 0o640;

/// Write `bytes` as `path`, created with `mode` (less the umask).
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // A file left by an earlier attempt would keep its mode.
    let _ = std::fs::remove_file(&tmp);
    let r = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_is_replaced_whole_with_its_mode_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bao-cao.txt");
        std::fs::write(&p, "cũ").unwrap();
        write_atomic(&p, "mới".as_bytes(), PRIVATE).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "mới");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o007, 0, "{mode:o}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A directory that does not exist: an error, and nothing is left behind.
        assert!(write_atomic(&dir.path().join("khong/co.txt"), b"x", DOCUMENT).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
