## Erasing the user's data (/forget).

forget-title = Your data
forget-confirm-body =
    This will:
    • erase everything Tirek keeps about you: your language, your place in the menus, your saved papers, reminders and steps, your reports and their evidence;
    • delete the messages of this chat from the last 48 hours, on both sides.

    Messages older than 48 hours cannot be deleted by a bot; you can delete them yourself with "Clear history".

    This cannot be undone. Continue?
forget-confirm = Yes, erase everything
forget-done-title = Done
forget-done-body =
    Everything Tirek kept about you has been erased. { $deleted ->
        [0] No recent messages needed deleting.
        [one] { $deleted } message was deleted.
       *[other] { $deleted } messages were deleted.
    }
forget-done-failed = { $failed ->
        [one] { $failed } message could not be deleted.
       *[other] { $failed } messages could not be deleted.
    }
forget-done-remaining =
    What remains:
    • messages older than 48 hours, which only you can delete: open the chat menu and choose "Clear history" or "Delete chat";
    • Telegram's own records of this chat and of your connections, which no bot can remove.

    Send /start if you want to use Tirek again.
