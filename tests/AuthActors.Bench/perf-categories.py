#!/usr/bin/env python3
"""Where an app's CPU goes, by category, from `perf script` output: one column per profile.

Each sample counts for the category of its innermost frame (the code the CPU was in): the kernel split by the
system call it serves, SQLite, OpenSSL, the .NET runtime, libc, and managed code by assembly. A column is scaled to
microseconds per login by the CPU per login the benchmark measured for that variant without the profiler.

Profile a variant's app after its warm-up (the JIT must write its symbols, and W^X must be off for perf to map them):

  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  dotnet tests/AuthActors.Bench/bin/Release/net10.0/AuthActors.Bench.dll --concurrency 32 --repetitions 1 \
      --duration 70 --variants engine-sqlite --out /tmp/profile &
  # about 35 s after the start, once the warm-up is over (each run prints its warm-up at the end: 13-29 s here):
  perf record -F 499 -g -p "$(pgrep -f 'mode app --variant engine-sqlite ')" -o /tmp/sqlite.data -- sleep 20
  perf script -i /tmp/sqlite.data > /tmp/sqlite.txt

Then: perf-categories.py NAME=FILE=US_PER_LOGIN [...], for example
  perf-categories.py aspnetcore=/tmp/aspnetcore.txt=180 engine-sqlite=/tmp/sqlite.txt=614
"""
import collections
import re
import sys

NETWORK = {'sendto', 'recvfrom', 'epoll_wait', 'epoll_ctl', 'sendmsg', 'recvmsg', 'accept4', 'connect', 'read', 'write',
           'readv', 'writev', 'shutdown', 'close'}
FILE_IO = {'pwrite64', 'pread64', 'fsync', 'fdatasync', 'fcntl', 'openat', 'lseek', 'ftruncate', 'fstat', 'newfstatat'}
WAKES = {'futex', 'sched_yield', 'nanosleep', 'clock_nanosleep'}
BASE_LIBRARY = {'System.Private.CoreLib', 'System.Collections', 'System.Collections.Immutable', 'System.Collections.Concurrent',
                'System.Linq', 'System.Memory', 'System.Runtime', 'System.Threading', 'System.Threading.Channels'}
HTTP_CLIENT = {'System.Net.Http', 'System.Net.Sockets', 'System.Net.Primitives', 'System.Private.Uri', 'Flurl', 'Flurl.Http'}


def samples(path):
    """The stacks of a `perf script` file, innermost frame first."""
    stack = []
    with open(path, errors='replace') as f:
        for line in f:
            if not line.strip():
                if stack:
                    yield stack
                stack = []
            elif line[0] in ' \t':
                stack.append(line.strip())
            else:
                stack = []
    if stack:
        yield stack


def kernel(stack):
    for frame in stack:
        m = re.search(r'__(?:x64_)?sys_(\w+)', frame)
        if m:
            call = m.group(1)
            if call in NETWORK:
                return 'kernel: network (send, receive, epoll)'
            if call in FILE_IO:
                return 'kernel: file I/O (pwrite, pread, fsync, fcntl)'
            if call in WAKES:
                return 'kernel: thread wakes and yields'
            return 'kernel: other system calls'
    return 'kernel: scheduling and interrupts'


def category(stack):
    frame = stack[0]
    if 'kernel.kallsyms' in frame:
        return kernel(stack)
    if 'libe_sqlite3' in frame or 'SQLitePCL' in frame or 'Microsoft.Data.Sqlite' in frame:
        return 'SQLite (native and its binding)'
    if 'libcrypto' in frame or 'libssl' in frame or 'System.Security.Cryptography.Native' in frame:
        return 'OpenSSL'
    if 'libcoreclr' in frame or 'libclrjit' in frame or 'stub ' in frame:
        return 'runtime (GC, casts, stubs)'
    if 'libc.so' in frame or 'ld-linux' in frame:
        return 'libc'
    m = re.search(r'\[([A-Za-z0-9_.]+)\] ', frame)
    if not m:
        return 'other'
    assembly = m.group(1)
    if assembly.startswith('AuthActors.Hosting'):
        return 'AuthActors: journal and hosting'
    if assembly.startswith('AuthActors'):
        return 'AuthActors: engine, protocol, edge'
    if assembly.startswith('Akka'):
        return 'Akka'
    if assembly in BASE_LIBRARY:
        return '.NET base library (tasks, collections)'
    if assembly.startswith(('Microsoft.AspNetCore', 'Microsoft.Extensions', 'Microsoft.Net.Http')) or assembly == 'System.IO.Pipelines':
        return 'ASP.NET Core (Kestrel, authentication)'
    if assembly in HTTP_CLIENT:
        return 'HTTP client, sockets, Flurl'
    if assembly.startswith('System.Text'):
        return 'JSON and encodings'
    return 'other managed'


def main(args):
    if not args:
        sys.exit(__doc__)
    columns = []
    for arg in args:
        name, path, us = arg.rsplit('=', 2)
        counts = collections.Counter(category(s) for s in samples(path))
        total = sum(counts.values())
        columns.append((name, float(us), {k: v / total * float(us) for k, v in counts.items()}))
    rows = sorted(set().union(*(c[2] for c in columns)), key=lambda k: -columns[-1][2].get(k, 0))
    print('| µs per login | ' + ' | '.join(c[0] for c in columns) + ' |')
    print('|---|' + '---:|' * len(columns))
    for row in rows:
        print(f'| {row} | ' + ' | '.join(f'{c[2].get(row, 0):.0f}' for c in columns) + ' |')
    print('| total | ' + ' | '.join(f'{c[1]:.0f}' for c in columns) + ' |')


if __name__ == '__main__':
    main(sys.argv[1:])
