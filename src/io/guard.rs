//! The SIGBUS guard: a file truncated while it is mapped must never kill
//! lode.
//!
//! Touching a mapped page past a file's new end raises SIGBUS. Every live
//! mapping registers its address range here, in a fixed table of atomics
//! the signal handler can read without locks or allocation. For a fault
//! inside a registered range the handler maps anonymous zero pages over the
//! rest of that range (`mmap` with `MAP_FIXED`, async-signal-safe), records
//! where, and returns: the faulting load runs again and reads zeros. The
//! searcher then re-checks the file's size and drops what lies past it.
//! A fault anywhere else restores the previous disposition and returns, so
//! the load faults again and the process dies as it would have without us.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// How many mappings can be guarded at once (one per worker thread is
/// typical; a mapping that finds no free slot is not made).
const SLOTS: usize = 256;
/// `truncated_at` value of a mapping that has not lost any page.
const INTACT: usize = usize::MAX;

struct Slot {
    /// Start address of the mapping; 0 when the slot is free.
    start: AtomicUsize,
    len: AtomicUsize,
    /// Offset from `start` of the first page replaced by zeros.
    truncated_at: AtomicUsize,
}

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    start: AtomicUsize::new(0),
    len: AtomicUsize::new(0),
    truncated_at: AtomicUsize::new(INTACT),
};
static REGISTRY: [Slot; SLOTS] = [FREE; SLOTS];
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(4096);

/// The disposition SIGBUS had before lode's handler, restored for faults
/// that are not lode's to absorb. Written once, before the handler exists.
static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();
static INSTALLED: OnceLock<bool> = OnceLock::new();

/// A registered mapping; dropping it frees the slot (before the unmap).
#[derive(Debug)]
pub struct Registration {
    slot: usize,
}

impl Registration {
    /// Where the first zero page begins, if the file shrank under us.
    pub fn truncated_at(&self) -> Option<usize> {
        let at = REGISTRY[self.slot].truncated_at.load(Ordering::Acquire);
        (at != INTACT).then_some(at)
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let slot = &REGISTRY[self.slot];
        slot.len.store(0, Ordering::Release);
        slot.start.store(0, Ordering::Release);
    }
}

/// Registers `len` bytes mapped at `start`; `None` when the handler could
/// not be installed or every slot is taken (the caller then reads instead).
pub fn register(start: *const u8, len: usize) -> Option<Registration> {
    if !install() || len == 0 {
        return None;
    }
    for (index, slot) in REGISTRY.iter().enumerate() {
        // The fields are written before the owning thread touches the
        // mapping; SIGBUS is delivered to that same thread, so the handler
        // sees them in program order.
        if slot
            .start
            .compare_exchange(0, start as usize, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            slot.truncated_at.store(INTACT, Ordering::Release);
            slot.len.store(len, Ordering::Release);
            return Some(Registration { slot: index });
        }
    }
    None
}

/// Installs the handler once per process; false if that failed.
fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if page > 0 {
            PAGE_SIZE.store(page as usize, Ordering::Relaxed);
        }
        // SAFETY: an all-zero sigaction is a valid value to be filled in.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = on_sigbus as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO;
        // SAFETY: both pointers are valid for the call; `previous` receives
        // the old disposition, which is stored before any fault can use it
        // because the handler only runs for faults in registered mappings,
        // and none exists until this function has returned.
        let mut previous: libc::sigaction = unsafe { std::mem::zeroed() };
        // SAFETY: `action.sa_mask` is a valid sigset_t to initialise.
        unsafe { libc::sigemptyset(&mut action.sa_mask) };
        // SAFETY: see above; sigaction only reads `action`, writes `previous`.
        let installed = unsafe { libc::sigaction(libc::SIGBUS, &action, &mut previous) } == 0;
        if installed {
            let _ = PREVIOUS.set(previous);
        }
        installed
    })
}

/// The SIGBUS handler. Only async-signal-safe work: atomic loads and
/// stores, `mmap`, `sigaction`.
extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    _context: *mut libc::c_void,
) {
    // SAFETY: with SA_SIGINFO the kernel passes a valid siginfo_t, and for
    // SIGBUS si_addr is the faulting address.
    let address = unsafe { (*info).si_addr() } as usize;
    if absorb(address) {
        return;
    }
    if let Some(previous) = PREVIOUS.get() {
        // SAFETY: `previous` is the disposition sigaction gave us; putting
        // it back is what makes the re-executed load fault fatally (or reach
        // whoever handled SIGBUS before us).
        unsafe { libc::sigaction(signal, previous, std::ptr::null_mut()) };
    }
}

/// Replaces the rest of the registered mapping holding `address` with zero
/// pages; false if no registered mapping holds it.
fn absorb(address: usize) -> bool {
    let page_size = PAGE_SIZE.load(Ordering::Relaxed);
    for slot in REGISTRY.iter() {
        let start = slot.start.load(Ordering::Acquire);
        let len = slot.len.load(Ordering::Acquire);
        if start == 0 || address < start || address >= start + len {
            continue;
        }
        let page = address & !(page_size - 1);
        let end = (start + len).next_multiple_of(page_size);
        // SAFETY: [page, end) lies inside the pages of a live mapping that
        // this process made and registered (the kernel maps whole pages, so
        // rounding the end up stays inside it). MAP_FIXED replaces those
        // pages with private zero pages; nothing else refers to them, and
        // the owner unmaps the whole range later as usual.
        let mapped = unsafe {
            libc::mmap(
                page as *mut libc::c_void,
                end - page,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if mapped == libc::MAP_FAILED {
            return false;
        }
        slot.truncated_at.fetch_min(page - start, Ordering::AcqRel);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mapped_file(bytes: usize) -> (tempfile::NamedTempFile, memmap2::Mmap) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&vec![b'x'; bytes]).unwrap();
        // SAFETY (test): the file is private to this test.
        let map = unsafe { memmap2::Mmap::map(file.as_file()).unwrap() };
        (file, map)
    }

    #[test]
    fn registered_mapping_survives_truncation_and_reads_zeros() {
        let (file, map) = mapped_file(4 << 20);
        let registration = register(map.as_ptr(), map.len()).expect("a free slot");
        file.as_file().set_len(1 << 20).unwrap();
        let tail: u64 = map[(2 << 20)..].iter().map(|&b| b as u64).sum();
        assert_eq!(tail, 0);
        assert_eq!(map[100], b'x');
        assert_eq!(registration.truncated_at(), Some(2 << 20));
    }

    #[test]
    fn intact_mapping_reports_no_truncation() {
        let (_file, map) = mapped_file(64 << 10);
        let registration = register(map.as_ptr(), map.len()).unwrap();
        assert_eq!(map.iter().filter(|&&b| b == b'x').count(), 64 << 10);
        assert_eq!(registration.truncated_at(), None);
    }

    /// Runs in a child process (see below): touches a truncated mapping
    /// that was never registered, which must kill the process.
    fn touch_unregistered_truncated_mapping() -> ! {
        let (_registered_file, registered) = mapped_file(64 << 10);
        let _registration = register(registered.as_ptr(), registered.len()).unwrap();
        let (file, map) = mapped_file(4 << 20);
        file.as_file().set_len(0).unwrap();
        let byte = std::hint::black_box(map[3 << 20]);
        println!("read {byte} and survived");
        std::process::exit(0);
    }

    #[test]
    fn unregistered_fault_still_kills_the_process() {
        use std::os::unix::process::ExitStatusExt;
        const CHILD: &str = "LODE_GUARD_TEST_CHILD";
        if std::env::var_os(CHILD).is_some() {
            touch_unregistered_truncated_mapping();
        }
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "io::guard::tests::unregistered_fault_still_kills_the_process",
            ])
            .env(CHILD, "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert_eq!(status.signal(), Some(libc::SIGBUS), "{status:?}");
    }
}
