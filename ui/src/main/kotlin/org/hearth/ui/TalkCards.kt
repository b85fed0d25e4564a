package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.hearth.ffi.Talk
import org.hearth.ffi.TalkState
import org.hearth.shared.TalkText

/**
 * The one-to-one talks asked for in a circle, as cards above its chat: a request to answer
 * (talk now, not now, block), our own request waiting (take it back), a talk open (open it),
 * a recent "not now". Only the two people concerned ever see a card.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun TalkCards(talks: List<Talk>, actions: ChatActions) {
    talks.forEach { talk ->
        Card(Modifier.fillMaxWidth()) {
            Column(Modifier.padding(10.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(TalkText.line(talk), style = MaterialTheme.typography.bodyMedium)
                if (talk.note.isNotEmpty() && talk.state == TalkState.ASKED) {
                    Text("“${talk.note}”", style = MaterialTheme.typography.bodySmall)
                }
                FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                    when {
                        talk.state == TalkState.ASKED && !talk.askedByMe -> {
                            TextButton(onClick = { actions.acceptTalk(talk) }) { Text(TalkText.ACCEPT) }
                            TextButton(onClick = { actions.declineTalk(talk) }) { Text(TalkText.DECLINE) }
                            TextButton(onClick = { actions.blockTalker(talk) }) { Text(TalkText.BLOCK) }
                        }
                        talk.state == TalkState.ASKED ->
                            TextButton(onClick = { actions.withdrawTalk(talk) }) { Text(TalkText.WITHDRAW) }
                        talk.state == TalkState.OPEN && talk.talkCircleId != null ->
                            TextButton(onClick = { actions.openTalk(talk) }) { Text(TalkText.OPEN) }
                    }
                }
            }
        }
    }
}

/**
 * What a talk's own chat shows under its title: who is here, and ending or blocking, each
 * asked once more before it happens.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun TalkTools(talk: Talk?, active: Boolean, actions: ChatActions) {
    var confirming by remember { mutableStateOf<String?>(null) }
    Text(if (active) TalkText.PRIVATE else TalkText.ENDED, style = MaterialTheme.typography.bodySmall)
    if (!active) return
    when (confirming) {
        TalkText.END -> {
            Text(TalkText.END_CONFIRM, style = MaterialTheme.typography.bodySmall)
            FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                TextButton(onClick = { confirming = null; actions.endTalk() }) { Text(TalkText.CONFIRM_END) }
                TextButton(onClick = { confirming = null }) { Text(org.hearth.shared.Strings.CANCEL) }
            }
        }
        TalkText.BLOCK -> {
            Text(TalkText.BLOCK_CONFIRM, style = MaterialTheme.typography.bodySmall)
            FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                TextButton(onClick = { confirming = null; talk?.let(actions::blockTalker) }) { Text(TalkText.CONFIRM_BLOCK) }
                TextButton(onClick = { confirming = null }) { Text(org.hearth.shared.Strings.CANCEL) }
            }
        }
        else -> FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
            TextButton(onClick = { confirming = TalkText.END }) { Text(TalkText.END) }
            if (talk != null) TextButton(onClick = { confirming = TalkText.BLOCK }) { Text(TalkText.BLOCK) }
        }
    }
}
