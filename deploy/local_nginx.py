"""The production nginx configuration (deploy/nginx), run locally on free ports for benchmarks
and tests.

    from deploy import local_nginx

    with ExitStack() as stack:
        conf = local_nginx.render(
            tmp, listen_port=8080, app_port=8000, purge_port=8081,
            static_root=ROOT / "staticfiles", media_root=ROOT / "media",
        )
        local_nginx.start(stack, conf, port=8080)   # stopped when the stack closes
        ...  # http://127.0.0.1:8080/en/ is the site; PURGE on 127.0.0.1:8081

``render`` copies cities-in-dialogue-http.conf and cities-in-dialogue-site.conf into ``tmp``
with only addresses and folders replaced (the upstream, the purge server, the cache, STATIC_ROOT
and MEDIA_ROOT), and writes a main nginx.conf around them with a plain-HTTP server on
127.0.0.1:``listen_port`` that includes the site file, as the HTTPS server does in production
(the site file sends ``X-Forwarded-Proto: https``, so Django sees HTTPS). Everything nginx
writes (pid, logs, cache, temporary files) stays in ``tmp``. The public server blocks
(cities-in-dialogue.conf: redirects, TLS) are not used.

Needs nginx at /usr/sbin/nginx and Debian's cache purge module (libnginx-mod-http-cache-purge).
"""

import grp
import os
import pwd
import socket
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path

NGINX = "/usr/sbin/nginx"
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
SHIPPED = Path(__file__).resolve().parent / "nginx"
HTTP_CONF = "cities-in-dialogue-http.conf"
SITE_CONF = "cities-in-dialogue-site.conf"

MAIN_CONF = """# Written by deploy/local_nginx.py: the shipped files on local ports and folders.
load_module {purge_module};
{user}worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    include {tmp}/{http_conf};

    # Plain HTTP stands in for the HTTPS server of cities-in-dialogue.conf.
    server {{
        listen 127.0.0.1:{listen_port};
        server_name localhost 127.0.0.1;
        client_max_body_size 21m;
        include {tmp}/{site_conf};
    }}
}}
"""


def render(
    tmp: Path,
    *,
    listen_port: int,
    app_port: int,
    purge_port: int,
    static_root: Path,
    media_root: Path,
) -> Path:
    """Write the main nginx.conf and the adapted copies of the shipped files into ``tmp``;
    the path of nginx.conf. Raises ValueError if a shipped file no longer holds what is
    replaced."""
    tmp = Path(tmp).resolve()
    static_root, media_root = Path(static_root).resolve(), Path(media_root).resolve()
    http_replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 127.0.0.1:8081;": f"listen 127.0.0.1:{purge_port};",
        "/var/cache/nginx/cities-in-dialogue": str(tmp / "cache"),
    }
    site_replacements = {
        "/srv/cities-in-dialogue/staticfiles": str(static_root),
        "/srv/cities-in-dialogue/media": str(media_root),
    }
    copy(HTTP_CONF, tmp, http_replacements)
    copy(SITE_CONF, tmp, site_replacements)
    conf = tmp / "nginx.conf"
    conf.write_text(
        MAIN_CONF.format(
            purge_module=PURGE_MODULE,
            user=worker_user(),
            tmp=tmp,
            http_conf=HTTP_CONF,
            site_conf=SITE_CONF,
            listen_port=listen_port,
        )
    )
    return conf


def copy(name: str, tmp: Path, replacements: dict):
    """The shipped file ``name`` into ``tmp``, each key of ``replacements`` replaced."""
    text = (SHIPPED / name).read_text()
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"deploy/nginx/{name} no longer contains {old!r}: update render()")
        text = text.replace(old, new)
    (tmp / name).write_text(text)


def worker_user() -> str:
    """Started as root, nginx would run its workers as nobody, who can neither read a checkout
    nor write a private temporary folder: they run as the user who started it instead."""
    if os.geteuid() != 0:
        return ""  # the user directive only applies to a master started as root
    user, group = pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name
    return f"user {user} {group};\n"


def start(stack: ExitStack, conf: Path, *, port: int | None = None) -> subprocess.Popen:
    """Run nginx on ``conf`` (from ``render``) in the foreground, its output in nginx.log beside
    it; stopped when ``stack`` closes. With ``port``, returns once nginx accepts connections
    there."""
    tmp = conf.parent
    command = [NGINX, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "nginx-error.log")]
    with (tmp / "nginx.log").open("w") as out:
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )
    stack.callback(stop, process)
    if port is not None:
        wait_for_port(process, port, tmp)
    return process


def stop(process: subprocess.Popen):
    """nginx's fast shutdown (SIGTERM), or SIGKILL after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_port(process: subprocess.Popen, port: int, tmp: Path, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped:\n{error_log(tmp)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:  # not listening yet
            time.sleep(0.1)
    raise RuntimeError(f"nginx not listening on {port} within {timeout:.0f} s:\n{error_log(tmp)}")


def error_log(tmp: Path) -> str:
    logs = (tmp / name for name in ("nginx.log", "nginx-error.log"))
    return "\n".join(path.read_text(errors="replace") for path in logs if path.exists())
