"""The organizer's login: a session cookie that scripts cannot read, a sign-out that needs the
form, and guessers slowed down."""

from tests.fixtures.forms import csrf_token_from


def test_admin_redirects_to_login_when_signed_out(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_organizer_signs_in_and_sees_the_desk(client, login):
    response = login()
    assert response.status_code == 302
    desk = client.get("/admin/")
    assert desk.status_code == 200
    assert "organizer" in desk.text


def test_wrong_password_is_refused_with_a_message(client, create_organizer, sign_in):
    create_organizer()
    response = sign_in("wrong")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert 'value="organizer"' in response.text  # what was typed is kept
    assert client.get("/admin/").status_code == 302


def test_a_post_without_csrf_token_is_refused(client, create_organizer):
    create_organizer("organizer", "correct horse battery")
    response = client.post(
        "/admin/login", data={"username": "organizer", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_sign_out_needs_a_post_with_csrf(client, submit, login):
    login()
    assert client.get("/admin/logout").status_code == 405
    assert client.post("/admin/logout").status_code == 400
    submit("/admin/logout", {}, "/admin/")
    assert client.get("/admin/").status_code == 302


def test_login_does_not_redirect_to_another_site(submit, create_organizer):
    create_organizer()
    response = submit(
        "/admin/login?next=https://evil.example/",
        {"username": "organizer", "password": "correct horse battery"},
    )
    assert response.headers["Location"].endswith("/admin/")


def test_login_attempts_are_rate_limited(client, create_organizer):
    create_organizer("organizer", "correct horse battery")
    token = csrf_token_from(client.get("/admin/login").text)
    codes = [
        client.post(
            "/admin/login", data={"username": "organizer", "password": "x", "csrf_token": token}
        ).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [401] * 10
    assert codes[-1] == 429
    refused = client.post(
        "/admin/login", data={"username": "organizer", "password": "x", "csrf_token": token}
    )
    assert "尝试次数太多" in refused.text
    assert "使用的人很多" not in refused.text  # that is the crowd's message, not a guesser's


def test_session_cookie_is_http_only_and_same_site(client, login):
    response = login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
