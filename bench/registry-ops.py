#!/usr/bin/env python3
"""Per-request latency of a distribution registry's push and pull calls, one client, loopback.

Usage: bench/registry-ops.py HOST PORT [N]

Pushes N (default 300) blobs of about 1 KB, each as a client does it (HEAD that misses, POST,
PATCH with the bytes, PUT ?digest=), then HEADs and GETs each one back, on one keep-alive
connection. Prints the median milliseconds of each call. Run it against Galley and against
Debian's docker-registry in turn to compare the server's own cost per request, which skopeo's
own work hides in bench/registry.sh's many-small-layers figures.

With REGISTRY_AUTH=user:password in the environment (a Galley server with access control), a
bearer token for the repository is fetched from /v2/token first, as docker does, and sent with
every call.
"""
import base64, http.client, hashlib, json, os, sys, time, statistics
host, port = sys.argv[1], int(sys.argv[2])
N = int(sys.argv[3]) if len(sys.argv) > 3 else 300
c = http.client.HTTPConnection(host, port)
auth = {}
def req(m, path, body=None, headers={}):
    t = time.perf_counter()
    c.request(m, path, body=body, headers={**auth, **headers})
    r = c.getresponse(); data = r.read()
    return r, data, time.perf_counter() - t
times = {k: [] for k in ["HEAD404", "POST", "PATCH", "PUT", "HEAD", "GET"]}
repo = "bench/ops%d" % int(time.time())
if os.environ.get("REGISTRY_AUTH"):
    basic = base64.b64encode(os.environ["REGISTRY_AUTH"].encode()).decode()
    r, data, _ = req("GET", f"/v2/token?service=galley-registry&scope=repository:{repo}:pull,push",
                     headers={"Authorization": "Basic " + basic})
    assert r.status == 200, (r.status, data)
    auth = {"Authorization": "Bearer " + json.loads(data)["token"]}
digests = []
for i in range(N):
    b = os.urandom(1000 + i)
    d = "sha256:" + hashlib.sha256(b).hexdigest()
    r, _, t = req("HEAD", f"/v2/{repo}/blobs/{d}"); times["HEAD404"].append(t)
    r, _, t = req("POST", f"/v2/{repo}/blobs/uploads/"); times["POST"].append(t); loc = r.getheader("Location")
    loc = loc.replace(f"http://{host}:{port}", "")
    r, _, t = req("PATCH", loc, b, {"Content-Type": "application/octet-stream"}); times["PATCH"].append(t); loc = r.getheader("Location").replace(f"http://{host}:{port}", "")
    sep = "&" if "?" in loc else "?"
    r, _, t = req("PUT", loc + sep + "digest=" + d, b"", {"Content-Length": "0"}); times["PUT"].append(t)
    assert r.status == 201, r.status
    digests.append(d)
for d in digests:
    r, _, t = req("HEAD", f"/v2/{repo}/blobs/{d}"); times["HEAD"].append(t)
    r, _, t = req("GET", f"/v2/{repo}/blobs/{d}"); times["GET"].append(t)
print(" ".join(f"{k}={statistics.median(v)*1000:.3f}ms" for k, v in times.items()))
