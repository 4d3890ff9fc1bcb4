"""garak's `function` generator target: the tuned model (base + support-bot-lora-r2),
mocked by mock_models.reply. Run as `--target_type function --target_name
support_bot_lora#generate`."""

from mock_models import reply


def generate(prompt: str, **kwargs) -> list[str]:
    return [reply("tuned", prompt)]
