"""Forms of the referee tablet."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class PinForm(FlaskForm):
    pin = StringField(
        _l("PIN"),
        validators=[DataRequired(_l("Enter the PIN.")), Length(max=12)],
        render_kw={
            "inputmode": "numeric",
            "autocomplete": "off",
            "autocapitalize": "off",
            "spellcheck": "false",
        },
    )
