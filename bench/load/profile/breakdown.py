"""Per-request breakdown from a dotnet-trace speedscope file: inclusive µs per request for the frames that make up
one request, summed over all threads. Usage: breakdown.py FILE REQUESTS_PER_SECOND"""
import json, sys, collections
d = json.load(open(sys.argv[1])); rps = float(sys.argv[2])
frames = [f['name'] for f in d['shared']['frames']]
cats = [  # (label, frame substring); inclusive time, first matching frame on the stack only once
    ("socket send (syscall, incl. loopback delivery to wrk)", "SocketPal.TryCompleteSendTo"),
    ("socket receive (syscall)", "SocketPal.TryCompleteReceive"),
    ("receive registration (Socket.ReceiveAsync, EAGAIN + epoll arm)", "Socket+AwaitableSocketAsyncEventArgs.ReceiveAsync"),
    ("parse (HttpRequestParser.TryParse)", "HttpRequestParser.TryParse"),
    ("middleware + route + invoke (StaticFileMiddleware.InvokeAsync down)", "StaticFileMiddleware.InvokeAsync"),
    ("  of which Router.InvokeAsync", "Routing.Router.InvokeAsync"),
    ("  of which Endpoint.InvokeAsync (controller)", "Controllers.Endpoint+<InvokeAsync>"),
    ("write head + body (ResponseWriter.Complete)", "ResponseWriter.Complete"),
    ("GC poll / GC", "PollGC"),
    ("lock contention (Monitor.Enter_Slowpath)", "Monitor.Enter_Slowpath"),
    ("thread-pool dispatch (Dispatch, all work)", "ThreadPoolWorkQueue.Dispatch"),
    ("thread-pool idle: spin (LowLevelSpinWaiter)", "LowLevelSpinWaiter.Wait"),
    ("thread-pool idle: blocked (WaitNative)", "LowLevelLifoSemaphore.WaitNative"),
    ("epoll thread: queueing work (UnsafeQueueUserWorkItem)", "ThreadPool.UnsafeQueueUserWorkItem"),
]
tot = collections.Counter(); duration = 0
for p in d['profiles']:
    duration = max(duration, p['endValue'] - p['startValue'])
    stack = []
    for e in p['events']:
        if e['type'] == 'O':
            stack.append((e['frame'], e['at']))
        else:
            f, s = stack.pop()
            name = frames[f]
            if any(x[0] == f for x in stack): continue
            for label, sub in cats:
                if sub in name: tot[label] += e['at'] - s
requests = rps * duration / 1000
print(f"{requests:.0f} requests in {duration/1000:.1f} s ({1e6/rps:.1f} µs wall per request at {rps:.0f} req/s)")
for label, _ in cats:
    print(f"| {label} | {1000*tot[label]/requests:.2f} |")
