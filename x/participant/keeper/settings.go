package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/participant/types"
)

// SetSettings sets the admin's own participant's settings — its time zone,
// and whether only its importing authority confirms receipt — while it is
// active or suspended.
func (k Keeper) SetSettings(ctx *module.Context, msg *types.MsgSetSettings) error {
	code, err := k.managingParticipant(ctx)
	if err != nil {
		return err
	}
	p, _ := k.Participant(ctx.Store, code)
	p.TimeZone, p.AuthorityConfirmsOnly = msg.TimeZone, msg.AuthorityConfirmsOnly
	k.SetParticipant(ctx.Store, p)
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionSettingsChanged), module.Attr(types.AttributeParticipant, code))
	return nil
}
