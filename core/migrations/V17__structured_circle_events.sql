-- System events become structured records (circles::events::CircleEvent, as JSON) that each
-- UI words in its own language, instead of English sentences in `body`. Existing lines are
-- read back from the sentences earlier versions wrote; one that matches none is kept as a
-- `legacy` event with its text.
ALTER TABLE circle_messages ADD COLUMN event TEXT;

UPDATE circle_messages SET event = CASE
    WHEN body = 'You created the circle.' THEN json_object('kind', 'created')
    WHEN body = 'You joined. Messages sent before you joined cannot be read.' THEN json_object('kind', 'you_joined')
    WHEN body LIKE '% joined. They can''t read what was sent before.' THEN
        json_object('kind', 'joined', 'who', substr(body, 1, length(body) - length(' joined. They can''t read what was sent before.')))
    WHEN body = 'You left the circle.' THEN json_object('kind', 'left', 'who', 'you')
    WHEN body LIKE '% left the circle.' THEN
        json_object('kind', 'left', 'who', json_object('member', substr(body, 1, length(body) - length(' left the circle.'))))
    WHEN body = 'You were removed from the circle.' THEN json_object('kind', 'removed', 'who', 'you')
    WHEN body LIKE '% was removed from the circle.' THEN
        json_object('kind', 'removed', 'who', json_object('member', substr(body, 1, length(body) - length(' was removed from the circle.'))))
    WHEN body LIKE 'The circle was renamed to “%”.' THEN
        json_object('kind', 'renamed', 'name', substr(body, length('The circle was renamed to “') + 1, length(body) - length('The circle was renamed to “') - length('”.')))
    WHEN body = 'The circle''s description changed.' THEN json_object('kind', 'description_changed')
    WHEN body LIKE 'The guidelines changed (version %).' THEN
        json_object('kind', 'guidelines_changed', 'version', CAST(substr(body, length('The guidelines changed (version ') + 1) AS INTEGER))
    WHEN body LIKE '% is now a facilitator.' THEN
        json_object('kind', 'role_given', 'who', json_object('member', substr(body, 1, length(body) - length(' is now a facilitator.'))), 'role', 'facilitator')
    WHEN body LIKE '% is now a co-facilitator.' THEN
        json_object('kind', 'role_given', 'who', json_object('member', substr(body, 1, length(body) - length(' is now a co-facilitator.'))), 'role', 'co_facilitator')
    WHEN body LIKE '% is now a member.' THEN
        json_object('kind', 'role_given', 'who', json_object('member', substr(body, 1, length(body) - length(' is now a member.'))), 'role', 'member')
    WHEN body LIKE '% is no longer a facilitator.' THEN
        json_object('kind', 'role_ended', 'who', json_object('member', substr(body, 1, length(body) - length(' is no longer a facilitator.'))), 'role', 'facilitator')
    WHEN body LIKE '% is no longer a co-facilitator.' THEN
        json_object('kind', 'role_ended', 'who', json_object('member', substr(body, 1, length(body) - length(' is no longer a co-facilitator.'))), 'role', 'co_facilitator')
    WHEN body LIKE 'Messages now disappear % after they arrive.' THEN
        json_object('kind', 'disappearing_on', 'after_s',
            CAST(substr(body, length('Messages now disappear ') + 1) AS INTEGER) * CASE
                WHEN body LIKE '% day% after they arrive.' THEN 86400
                WHEN body LIKE '% hour% after they arrive.' THEN 3600
                ELSE 60 END)
    WHEN body = 'Messages no longer disappear.' THEN json_object('kind', 'disappearing_off')
    WHEN body LIKE 'A meeting was scheduled: %.' THEN
        json_object('kind', 'meeting_scheduled', 'title', substr(body, length('A meeting was scheduled: ') + 1, length(body) - length('A meeting was scheduled: ') - 1))
    WHEN body LIKE 'A meeting was cancelled: %.' THEN
        json_object('kind', 'meeting_cancelled', 'title', substr(body, length('A meeting was cancelled: ') + 1, length(body) - length('A meeting was cancelled: ') - 1))
    WHEN body = 'The facilitator closed this circle.' THEN json_object('kind', 'closed')
    WHEN body = 'A member could not be added: their device has no invitation keys at the relay.' THEN
        json_object('kind', 'change_dropped', 'why', 'no_invitation_keys')
    WHEN body LIKE 'A member could not be added: the relay''s copy of their device''s invitation keys %' THEN
        json_object('kind', 'change_dropped', 'why', 'keys_not_theirs')
    WHEN body LIKE 'A change could not be made%' THEN json_object('kind', 'change_dropped', 'why', 'unknown')
    WHEN body = 'A new member''s invitation could not be delivered.' THEN json_object('kind', 'not_delivered', 'what', 'invitation')
    WHEN body = 'A message could not be sent.' THEN json_object('kind', 'not_delivered', 'what', 'message')
    WHEN body = 'A change to the circle was refused by the relay.' THEN json_object('kind', 'not_delivered', 'what', 'change')
    WHEN body LIKE 'Someone tried invite code % with a wrong secret%' THEN
        json_object('kind', 'code_failed', 'nameplate',
            substr(body, length('Someone tried invite code ') + 1, instr(body, ' with a wrong secret') - length('Someone tried invite code ') - 1))
    ELSE json_object('kind', 'legacy', 'text', body)
END, body = ''
WHERE kind = 'system';
